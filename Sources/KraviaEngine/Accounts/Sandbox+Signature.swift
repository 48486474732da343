extension Sandbox {
    static var signatureRoutes: [Route] {
        [
            Route("POST", "/v1/admin/signature") { try $0.createSignatureSecret($1) },
            Route("GET", "/v1/admin/signature") { try $0.readSignatureSecret($1) },
        ]
    }

    /// `POST /v1/admin/signature`: creates (or rotates) the secret callbacks are signed with.
    func createSignatureSecret(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let secret = ids.token(length: 32)
        withState { $0.accounts[accountId]?.settings.signatureSecret = secret }
        return .json(["secret": .string(secret)])
    }

    /// `GET /v1/admin/signature`: the current secret, or 404 when none was created.
    func readSignatureSecret(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        guard let secret = withState({ $0.accounts[accountId]?.settings.signatureSecret }) else {
            throw APIError.notFound(
                "Account \(accountId) has no signature secret; create one with POST /v1/admin/signature")
        }
        return .json(["secret": .string(secret)])
    }
}
