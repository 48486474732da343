extension Sandbox {
    static var tokenControlRoutes: [Route] {
        [Route("POST", "/__sandbox/tokens/expire") { try $0.expireTokens($1) }]
    }

    /// `POST /__sandbox/tokens/expire` (`{"account": "T…"}` optional): every valid token (of that account) is
    /// refused from now on, for tests of a client's token renewal; answers `{"expired": N}`.
    func expireTokens(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        for key in (body.objectValue ?? [:]).keys.sorted() where key != "account" {
            validation.fail(key, "unknown field; expected account")
        }
        let account = validation.string(body, "account", at: "", required: false)
        if let account, !AccountSettings.isValidAccountId(account) {
            validation.fail("account", "expected T followed by 8 digits, got \"\(account)\"")
        }
        try validation.check()
        let expired = tokens.expire(account: account)
        ledger.logOutsideChange(tokens: tokens.all)
        return .json(["expired": .int(Int64(expired))])
    }
}
