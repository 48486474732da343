import SandboxHTTP

/// What the sandbox keeps of a connection's last request, in the transport's `ConnectionMemo`: the route its
/// method and path matched and the account its `Authorization` header stood for. A keep-alive client polling a
/// transaction sends the same request line and token every time; finding them equal to the last ones is a string
/// comparison each, where matching the route and looking the token up were some 3,000 instructions a request.
/// The routes never change, and the token's memo is checked against the token store's changes.
final class RequestMemo {
    @exclusivity(unchecked) private var method = ""
    @exclusivity(unchecked) private var path = ""
    @exclusivity(unchecked) private var match = Router.Match.notFound
    /// The connection's last authentication.
    @exclusivity(unchecked) var token = TokenStore.Memo()

    /// The memo kept on `connection`, made on its first request; nil for a request not read from a connection.
    static func of(_ connection: ConnectionMemo?) -> RequestMemo? {
        guard let connection else { return nil }
        if let memo = connection.value as? RequestMemo { return memo }
        let memo = RequestMemo()
        connection.value = memo
        return memo
    }

    /// The route of `method` and `path`: the last request's when both are the same, else `router`'s (remembered).
    func match(method: String, path: String, in router: Router) -> Router.Match {
        if method == self.method, path == self.path { return match }
        match = router.match(method: method, path: path)
        self.method = method
        self.path = path
        return match
    }
}
