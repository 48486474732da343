import Foundation
import SandboxHTTP

/// The frame of every dashboard page: navigation, the notice an action left, `main`, and the headers that keep
/// the page to its own origin (no external assets, no inline script, no framing).
enum DashboardLayout {
    /// The sections in the navigation, with their paths.
    static let sections: [(key: String, label: String, path: String)] = [
        ("home", "Home", ""), ("transactions", "Transactions", "/transactions"), ("sessions", "Sessions", "/sessions"),
        ("invoices", "Invoices", "/invoices"), ("callbacks", "Callbacks & webhooks", "/callbacks"),
        ("journal", "Journal", "/journal"), ("scenarios", "Scenarios", "/scenarios"),
        ("accounts", "Accounts", "/accounts"),
    ]

    /// Served with every page: scripts and styles from this origin only, forms posting here only, never framed.
    static let securityHeaders: [(String, String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"), ("Cache-Control", "no-store"),
    ]

    /// A whole page as a response.
    static func page(title: String, section: String, main: String, view: DashboardView, status: Int = 200)
        -> HTTPResponse
    {
        var nav = ""
        for item in sections {
            let current = item.key == section ? " aria-current=\"page\"" : ""
            nav += "<li><a href=\"\(DashboardAccess.prefix)\(item.path)\"\(current)>\(HTML.escape(item.label))</a></li>"
        }
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Kravia Sandbox</title>
            <link rel="icon" href="\(DashboardAccess.prefix)/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="\(DashboardAccess.prefix)/dashboard.css"></head>
            <body data-journal-seq="\(view.journalSeq)">
            <a class="skip" href="#dashboard-main">Skip to content</a>
            <header class="top"><p class="brand">Kravia Sandbox <span>dashboard</span></p>
            <nav aria-label="Dashboard sections"><ul>\(nav)</ul></nav>
            <p class="live" id="live-state" data-testid="live-state" role="status">Live updates need JavaScript; reload to refresh.</p></header>
            <main id="dashboard-main" data-testid="page-\(HTML.escape(section))">
            <h1>\(HTML.escape(title))</h1>
            \(notice(view))
            \(main)
            </main>
            <script src="\(DashboardAccess.prefix)/dashboard.js"></script>
            </body></html>

            """
        return response(html, status: status, view: view)
    }

    /// The notice an action's redirect carries (`?notice=` or `?problem=`), escaped like any other data.
    private static func notice(_ view: DashboardView) -> String {
        if let problem = view.parameter("problem") {
            return "<p class=\"notice bad\" role=\"alert\" data-testid=\"notice\">\(HTML.escape(problem))</p>"
        }
        if let notice = view.parameter("notice") {
            return "<p class=\"notice good\" role=\"status\" data-testid=\"notice\">\(HTML.escape(notice))</p>"
        }
        return ""
    }

    /// HTML with the dashboard's headers, setting the CSRF cookie when the view made a new token.
    static func response(_ html: String, status: Int = 200, view: DashboardView?) -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "text/html; charset=utf-8"]
        for (name, value) in securityHeaders { headers.add(name, value) }
        if let view, view.setsCSRFCookie {
            headers.add("Set-Cookie", DashboardCookies.setting(DashboardCSRF.cookie, view.csrf))
        }
        return HTTPResponse(status: status, headers: headers, body: Data(html.utf8))
    }
}
