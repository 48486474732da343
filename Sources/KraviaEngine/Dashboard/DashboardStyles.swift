/// The dashboard's CSS: one column on a phone, more on a laptop; colours chosen for WCAG AA contrast.
enum DashboardStyles {
    static let css = """
        :root { --ink: #1b1f24; --muted: #4a5360; --line: #d4d9e0; --paper: #ffffff; --wash: #f3f5f8;
          --accent: #0b57d0; --good: #146c2e; --good-bg: #e3f4e7; --wait: #7a4b00; --wait-bg: #fff1d6;
          --bad: #b3261e; --bad-bg: #fde7e5; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          color: var(--ink); background: var(--wash); }
        a { color: var(--accent); }
        code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; }
        pre { background: var(--wash); border: 1px solid var(--line); padding: .5rem; overflow-x: auto;
          white-space: pre-wrap; word-break: break-word; max-height: 28rem; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: .5rem; top: .5rem; background: var(--paper); padding: .25rem .5rem; z-index: 2; }
        header.top { background: #172033; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap;
          align-items: center; gap: .25rem 1.25rem; }
        header.top .brand { margin: 0; font-weight: 700; }
        header.top .brand span { font-weight: 400; color: #c9d3e3; }
        header.top nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .15rem .35rem; }
        header.top nav a { color: #fff; text-decoration: none; padding: .3rem .5rem; border-radius: 4px; display: inline-block; }
        header.top nav a:hover, header.top nav a:focus { background: #2c3a57; }
        header.top nav a[aria-current="page"] { background: #fff; color: #172033; }
        header.top .live { margin: 0 0 0 auto; font-size: 13px; color: #c9d3e3; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
        main.login { max-width: 32rem; margin: 3rem auto; padding: 1rem 1.25rem; background: var(--paper);
          border: 1px solid var(--line); border-radius: 6px; }
        h1 { font-size: 1.5rem; margin: .25rem 0 1rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
        h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
        section { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem;
          margin: 0 0 1rem; min-width: 0; }
        section.alarm { border: 2px solid var(--bad); background: var(--bad-bg); }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); gap: 0 1rem; }
        .cards { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
        .cards a { display: block; padding: .5rem .75rem; border: 1px solid var(--line); border-radius: 6px;
          text-decoration: none; color: var(--ink); background: var(--wash); }
        .cards strong { font-size: 1.3rem; margin-right: .25rem; }
        .badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: 12px; font-weight: 600;
          letter-spacing: .02em; border: 1px solid currentColor; }
        .badge.good { color: var(--good); background: var(--good-bg); }
        .badge.wait { color: var(--wait); background: var(--wait-bg); }
        .badge.bad { color: var(--bad); background: var(--bad-bg); }
        .badge.plain { color: var(--muted); background: var(--wash); }
        .bad-text { color: var(--bad); }
        time.date { white-space: nowrap; }
        .muted { color: var(--muted); }
        .notice { padding: .5rem .75rem; border-radius: 6px; border: 1px solid; }
        .notice.good { color: var(--good); background: var(--good-bg); }
        .notice.bad { color: var(--bad); background: var(--bad-bg); }
        .empty { color: var(--muted); font-style: italic; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; background: var(--paper); }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; color: var(--muted); }
        th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
        td code { word-break: break-all; }
        form.filters, form.action { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; margin: 0 0 .75rem; }
        label { display: inline-flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: .1rem; }
        input, select, button { font: inherit; padding: .35rem .5rem; border: 1px solid #8a94a3; border-radius: 4px;
          background: var(--paper); color: var(--ink); max-width: 100%; }
        button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; min-height: 2.25rem; }
        button:hover { background: #0842a0; }
        :focus-visible { outline: 3px solid #f0a500; outline-offset: 1px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .75rem; margin: 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; word-break: break-word; }
        .drawing { overflow-x: auto; }
        svg.timeline { width: 100%; min-width: 640px; height: auto; font-size: 12px; }
        svg .lane { stroke: var(--line); stroke-width: 2; }
        svg .lane-name { fill: var(--ink); font-weight: 600; }
        svg .tick { stroke: #e6e9ee; }
        svg .tick-label { fill: var(--muted); font-size: 11px; }
        svg .mark { stroke: #fff; stroke-width: 2; }
        svg .mark.good { fill: var(--good); } svg .mark.wait { fill: #b06d00; } svg .mark.bad { fill: var(--bad); }
        svg .mark.plain { fill: #3c4757; }
        svg .mark.pending { fill: #fff; stroke: #b06d00; stroke-dasharray: 3 2; }
        svg .mark-number { fill: var(--ink); font-size: 10px; text-anchor: middle; }
        svg .span { opacity: .55; } svg .span.wait { fill: #e0a030; } svg .span.plain { fill: #9fb3cf; }
        svg .span.bad { fill: var(--bad); } svg .span.good { fill: var(--good); }
        .legend { font-size: 13px; color: var(--muted); }
        .dot { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; vertical-align: middle; }
        .dot.good { background: var(--good); } .dot.wait { background: #b06d00; } .dot.bad { background: var(--bad); }
        .dot.pending { border: 2px dashed #b06d00; }
        ol.steps { padding-left: 0; list-style: none; }
        ol.steps > li { border-left: 4px solid var(--line); padding: .15rem .5rem; margin: .25rem 0; }
        ol.steps > li.good { border-color: var(--good); } ol.steps > li.bad { border-color: var(--bad); }
        ol.steps > li.wait { border-color: #b06d00; }
        summary { cursor: pointer; }
        .step-number { font-weight: 700; }
        nav.paging { display: flex; gap: 1rem; align-items: center; }
        .card h2 { overflow-wrap: anywhere; }
        @media (max-width: 600px) {
          main { padding: .5rem; }
          main.login { margin: 1rem .5rem; }
          header.top .live { margin: 0; }
          table, thead, tbody, tr, th, td { display: block; }
          thead { position: absolute; left: -9999px; }
          tr { border-bottom: 2px solid var(--line); padding: .25rem 0; }
          caption { display: block; }
          td { border: 0; padding: .15rem .25rem; overflow-wrap: anywhere; }
          td::before { content: attr(data-label); display: block; font-size: 12px; color: var(--muted); }
        }

        """
}
