import SandboxHTTP
import SandboxSupport

/// Cross-site request forgery protection by double submit: every page sets a random token in an `HttpOnly`,
/// `SameSite=Strict` cookie (once) and writes the same token into its forms; an action runs only when the form's
/// `csrf` field equals the cookie. Another site can make a browser post, but can neither read nor set the cookie.
enum DashboardCSRF {
    /// The cookie's name.
    static let cookie = "kravia_dashboard_csrf"

    /// The request's token, or a new one to set (`isNew`) when it has none or a malformed one.
    static func token(for request: HTTPRequest) -> (token: String, isNew: Bool) {
        if let given = DashboardCookies.value(cookie, in: request.headers["Cookie"]), isWellFormed(given) {
            return (given, false)
        }
        // From the system's generator, not the sandbox's seeded ids: a seed must not make the token guessable,
        // and a page view must not shift the ids a seeded test expects.
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        return (bytes.hexString, true)
    }

    /// Whether a form's `csrf` field matches the request's cookie.
    static func accepts(_ request: HTTPRequest, field: String?) -> Bool {
        guard let field, let given = DashboardCookies.value(cookie, in: request.headers["Cookie"]),
            isWellFormed(given)
        else { return false }
        return AdminTokenGate.constantTimeEqual(field, given)
    }

    private static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 32 && token.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
