import Foundation
import SandboxHTTP
import SandboxSupport

extension Sandbox {
    /// `GET /__sandbox/dashboard/login?next=…`: asks for the admin token (only with `--admin-token`; without one
    /// the dashboard is open and this goes straight on).
    func dashboardLogin(_ context: RequestContext, next given: String? = nil, problem: String? = nil) -> HTTPResponse {
        let next = DashboardAccess.safeReturn(given ?? context.query("next"))
        guard configuration.adminToken != nil else {
            return HTTPResponse(status: 303, headers: ["Location": next, "Cache-Control": "no-store"])
        }
        let view = DashboardView(context, journalSeq: 0)
        let alert =
            problem.map {
                "<p class=\"notice bad\" role=\"alert\" data-testid=\"login-problem\">\(HTML.escape($0))</p>"
            }
            ?? ""
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Admin token · Kravia Sandbox</title>
            <link rel="icon" href="\(DashboardAccess.prefix)/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="\(DashboardAccess.prefix)/dashboard.css"></head>
            <body><main id="dashboard-main" class="login" data-testid="page-login">
            <h1>Kravia Sandbox dashboard</h1>
            <p>This sandbox was started with <code>--admin-token</code>. Enter it once; this browser then keeps it in a
            cookie scripts cannot read, for the dashboard only.</p>
            \(alert)
            <form method="post" action="\(DashboardAccess.prefix)/login" data-testid="login-form">
            <input type="hidden" name="csrf" value="\(HTML.escape(view.csrf))">
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <label>Admin token <input type="password" name="token" autocomplete="current-password" required></label>
            <button type="submit">Open the dashboard</button></form>
            </main></body></html>

            """
        return DashboardLayout.response(html, status: problem == nil ? 200 : 401, view: view)
    }

    /// `POST /__sandbox/dashboard/login` (`token`, `next`, `csrf`): with the right token, the admin cookie and a
    /// `303` to `next`; otherwise the form again with a 401.
    func dashboardLogIn(_ context: RequestContext) -> HTTPResponse {
        let form = DashboardActionForm(context.request)
        guard let adminToken = configuration.adminToken else { return dashboardLogin(context) }
        guard DashboardCSRF.accepts(context.request, field: form["csrf"]) else {
            return dashboardLogin(context, next: form["next"], problem: "The form expired; enter the token again.")
        }
        guard let given = form["token"], AdminTokenGate.constantTimeEqual(given, adminToken) else {
            return dashboardLogin(context, next: form["next"], problem: "That is not this sandbox's admin token.")
        }
        var headers: HTTPHeaders = [
            "Location": DashboardAccess.safeReturn(form["next"]), "Cache-Control": "no-store",
        ]
        headers.add(
            "Set-Cookie",
            DashboardCookies.setting(
                DashboardAccess.adminCookie, DashboardAccess.cookieValue(forAdminToken: adminToken)))
        return HTTPResponse(status: 303, headers: headers)
    }
}
