import SandboxHTTP
import SandboxSupport

/// Who may see the dashboard: with `--admin-token`, a browser that gave the token once on the login page and
/// holds the cookie it got for it; a bearer token works as everywhere under `/__sandbox`.
///
/// The cookie holds an HMAC of the token rather than the token itself, and is accepted on the dashboard's paths
/// only: the JSON control API never acts on a cookie, so no other site's form can drive it through a browser.
enum DashboardAccess {
    /// Where the dashboard lives.
    static let prefix = "/__sandbox/dashboard"
    /// The cookie standing for the admin token.
    static let adminCookie = "kravia_dashboard_admin"
    /// Paths answered without the token: the login page (and its POST), and the styles it uses.
    static let openPaths: Set<String> = [prefix + "/login", prefix + "/dashboard.css", prefix + "/favicon.svg"]

    /// Whether `path` is the dashboard's.
    static func isDashboardPath(_ path: String) -> Bool {
        path.isPath(prefix)
    }

    /// The admin cookie's value for `token`.
    static func cookieValue(forAdminToken token: String) -> String {
        HMACSHA256.authenticationCode(key: Array(token.utf8), message: Array("kravia-sandbox dashboard".utf8))
            .hexString
    }

    /// Whether the request carries the admin cookie for `token`.
    static func cookieGrants(_ request: HTTPRequest, token: String) -> Bool {
        guard let given = DashboardCookies.value(adminCookie, in: request.headers["Cookie"]) else { return false }
        return AdminTokenGate.constantTimeEqual(given, cookieValue(forAdminToken: token))
    }

    /// What the admin gate answers a dashboard request without the token: the login page for a page (remembering
    /// where to go back to), a 401 for anything else.
    static func refusal(_ context: RequestContext) -> HTTPResponse? {
        let method = context.request.method
        guard method == "GET" || method == "HEAD", context.path != prefix + "/live" else { return nil }
        let target = FormEncoding.encode(context.request.target)
        return HTTPResponse(
            status: 303, headers: ["Location": prefix + "/login?next=" + target, "Cache-Control": "no-store"])
    }

    /// `next` when it is a dashboard path on this origin (never `//other.example` or a scheme), else the home page.
    static func safeReturn(_ next: String?) -> String {
        guard let next, next.hasPrefix(prefix), !next.contains("\\"),
            next.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return prefix }
        return next
    }
}
