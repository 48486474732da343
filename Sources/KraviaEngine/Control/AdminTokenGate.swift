import SandboxHTTP

/// With `--admin-token T`, a 401 for any `/__sandbox` request without `Authorization: Bearer T`.
///
/// The dashboard's paths also take the cookie its login page sets (`DashboardAccess`), and send a browser without
/// it to that page instead of answering 401.
///
/// A layer before routing, so no control route, present or future, can forget it (and an unknown control path
/// does not reveal itself with a 404); Dintero's own routes are untouched (they have their own tokens).
struct AdminTokenGate: Middleware {
    let token: String?

    func respond(to context: RequestContext, next: (RequestContext) -> HTTPResponse) -> HTTPResponse {
        let path = context.path
        guard let token, context.isControl else { return next(context) }
        if let given = BearerCredential.token(in: context.request.headers["Authorization"]),
            Self.constantTimeEqual(given, token)
        {
            return next(context)
        }
        if DashboardAccess.isDashboardPath(path) {
            if DashboardAccess.openPaths.contains(path) || DashboardAccess.cookieGrants(context.request, token: token) {
                return next(context)
            }
            if let refusal = DashboardAccess.refusal(context) { return refusal }
        }
        var error = APIError.unauthorized("The control API needs Authorization: Bearer <admin token> (--admin-token)")
        error.headers.append(("WWW-Authenticate", "Bearer realm=\"kravia-sandbox control\""))
        return error.response
    }

    /// Compares without stopping at the first difference, so response timing does not reveal the token.
    static func constantTimeEqual(_ given: String, _ expected: String) -> Bool {
        let lhs = Array(given.utf8)
        let rhs = Array(expected.utf8)
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<rhs.count { difference |= (index < lhs.count ? lhs[index] : 0) ^ rhs[index] }
        return difference == 0
    }
}
