/// The dashboard's only script: it keeps the open page current and sends action forms in place. Without it every
/// page still works (forms post and come back with a `303`; reloading shows what changed).
///
/// Live updates are a long poll, not a timer: `GET /__sandbox/dashboard/live?after=SEQ` answers when the journal
/// records something after `SEQ`; the page then fetches itself again and swaps `main`, and asks again at once.
enum DashboardScript {
    static let source = """
        (function () {
          "use strict";
          var state = document.getElementById("live-state");
          var main = document.getElementById("dashboard-main");
          if (!state || !main) { return; }
          var seq = Number(document.body.getAttribute("data-journal-seq") || "0");
          var backoff = 500;
          var deferred = false;
          // A busy sandbox records many entries a second: refreshes are coalesced to one per interval.
          var refreshInterval = 1000;
          var lastRefresh = 0;

          function say(text) { state.textContent = text; }

          function editing() {
            var active = document.activeElement;
            return active && main.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
          }

          function cleanAddress(address) {
            var url = new URL(address, location.href);
            url.searchParams.delete("notice");
            url.searchParams.delete("problem");
            return url.pathname + url.search + url.hash;
          }

          // Replaces main with the same page freshly rendered, keeping open <details> open.
          function swap(html, keepNotice) {
            var next = new DOMParser().parseFromString(html, "text/html");
            var fresh = next.getElementById("dashboard-main");
            if (!fresh) { return false; }
            var open = Array.prototype.map.call(main.querySelectorAll("details[open][id]"), function (d) { return d.id; });
            // A live refresh keeps the notice the last action left; only the next action replaces it.
            var oldNotice = keepNotice ? null : main.querySelector("[data-testid=notice]");
            var newNotice = fresh.querySelector("[data-testid=notice]");
            if (!keepNotice && newNotice) { newNotice.remove(); }
            main.innerHTML = fresh.innerHTML;
            var heading = main.querySelector("h1");
            if (oldNotice && heading) { heading.insertAdjacentElement("afterend", oldNotice); }
            open.forEach(function (id) { var d = document.getElementById(id); if (d) { d.open = true; } });
            var pageSeq = Number(next.body.getAttribute("data-journal-seq") || "0");
            if (pageSeq > seq) { seq = pageSeq; }
            return true;
          }

          function refresh() {
            if (editing()) { deferred = true; return Promise.resolve(); }
            var early = lastRefresh + refreshInterval - Date.now();
            if (early > 0) {
              return new Promise(function (resolve) { setTimeout(resolve, early); }).then(refresh);
            }
            lastRefresh = Date.now();
            return fetch(location.href, { credentials: "same-origin", cache: "no-store" })
              .then(function (response) { return response.text(); })
              .then(function (html) { swap(html, false); });
          }

          main.addEventListener("focusout", function () {
            if (deferred) { deferred = false; setTimeout(function () { if (!editing()) { refresh(); } else { deferred = true; } }, 0); }
          });

          function listen() {
            say("Live: following the journal");
            fetch("\(DashboardAccess.prefix)/live?after=" + seq, { credentials: "same-origin", cache: "no-store" })
              .then(function (response) {
                if (!response.ok) { throw new Error("live " + response.status); }
                return response.json();
              })
              .then(function (answer) {
                backoff = 500;
                if (!answer.changed) { if (answer.seq < seq) { seq = answer.seq; } return null; }
                seq = Math.max(seq, answer.seq);
                return refresh();
              })
              .then(listen, function () {
                // The sandbox stopped or restarted: try again, waiting longer each time.
                say("Live: reconnecting…");
                setTimeout(listen, backoff);
                backoff = Math.min(backoff * 2, 10000);
              });
          }

          // Action forms are sent in place; the 303 brings back the page, which replaces main.
          document.addEventListener("submit", function (event) {
            var form = event.target;
            if (!form.classList || !form.classList.contains("action")) { return; }
            event.preventDefault();
            var buttons = form.querySelectorAll("button");
            Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
            fetch(form.action, {
              method: "POST", credentials: "same-origin",
              headers: { "Content-Type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams(new FormData(form)).toString()
            }).then(function (response) {
              var address = response.url;
              var redirected = response.redirected;
              return response.text().then(function (html) {
                // No page came back (the token cookie is gone, say): load this page again, which asks for it.
                if (!swap(html, true)) { location.reload(); return; }
                if (redirected) { history.replaceState(null, "", cleanAddress(address)); }
                var notice = main.querySelector("[data-testid=notice], [data-testid=csrf-refused]");
                if (notice) { notice.setAttribute("tabindex", "-1"); notice.focus(); }
              });
            }).catch(function () {
              Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
              say("The action could not be sent; is the sandbox running?");
            });
          });

          listen();
        })();

        """
}
