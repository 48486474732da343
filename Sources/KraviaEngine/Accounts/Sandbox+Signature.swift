extension Sandbox {
    static var signatureRoutes: [Route] {
        [
            Route("POST", "/v1/admin/signature", auth: .bearer) { try $0.createSignatureSecret($1) },
            Route("GET", "/v1/admin/signature", auth: .bearer) { try $0.readSignatureSecret($1) },
        ]
    }

    /// `POST /v1/admin/signature`: creates (or rotates) the secret callbacks are signed with.
    func createSignatureSecret(_ context: RequestContext) throws -> EndpointResult {
        let secret = ids.token(length: 32)
        ledger.transact { $0.books[context.accountId]?.account.settings.signatureSecret = secret }
        return .json(["secret": .string(secret)])
    }

    /// `GET /v1/admin/signature`: the current secret, or 404 when none was created.
    func readSignatureSecret(_ context: RequestContext) throws -> EndpointResult {
        guard let secret = ledger.read({ $0.books[context.accountId]?.account.settings.signatureSecret }) else {
            throw APIError.notFound(
                "Account \(context.accountId) has no signature secret; create one with POST /v1/admin/signature")
        }
        return .json(["secret": .string(secret)])
    }
}
