import SandboxHTTP

extension Sandbox {
    /// With `--admin-token T`, a 401 for any `/__sandbox` request without `Authorization: Bearer T`.
    ///
    /// Checked before routing so no control route, present or future, can forget it; Dintero's own routes are
    /// untouched (they have their own tokens).
    func adminTokenFault(for context: RequestContext) -> HTTPResponse? {
        guard let token = configuration.adminToken,
            context.request.path == "/__sandbox" || context.request.path.hasPrefix("/__sandbox/")
        else { return nil }
        if let authorization = context.request.headers["Authorization"], authorization.count > 7,
            authorization.prefix(7).lowercased() == "bearer ", Self.constantTimeEqual(authorization.dropFirst(7), token)
        {
            return nil
        }
        var error = APIError.unauthorized("The control API needs Authorization: Bearer <admin token> (--admin-token)")
        error.headers.append(("WWW-Authenticate", "Bearer realm=\"kravia-sandbox control\""))
        return Self.render(error)
    }

    /// Compares without stopping at the first difference, so response timing does not reveal the token.
    private static func constantTimeEqual(_ given: Substring, _ expected: String) -> Bool {
        let lhs = Array(given.utf8)
        let rhs = Array(expected.utf8)
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<rhs.count { difference |= (index < lhs.count ? lhs[index] : 0) ^ rhs[index] }
        return difference == 0
    }
}
