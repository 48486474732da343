extension Sandbox {
    static var controlRoutes: [Route] {
        [
            Route("GET", "/__sandbox/health") { try $0.health($1) },
            Route("POST", "/__sandbox/accounts") { try $0.addAccount($1) },
            Route("POST", "/__sandbox/reset") { try $0.reset($1) },
        ]
    }

    /// The version reported by `/__sandbox/health` and `kravia-sandbox version`.
    public static let version = "0.1.0"

    /// `GET /__sandbox/health`.
    func health(_ context: RequestContext) throws -> EndpointResult {
        let scenarios = JSONValue.array(
            self.scenarios.map { ["name": .string($0.name), "source": .string($0.source)] })
        // A broken scenario file stops the server at start, so a running sandbox has none to report.
        return .json([
            "status": "ready", "version": .string(Self.version), "journal": journalHealth,
            "scenarios": ["loaded": scenarios, "errors": []],
        ])
    }

    /// `POST /__sandbox/accounts {account_id, client_id, client_secret}`: adds (or replaces) an account.
    func addAccount(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        let accountId = validation.string(body, "account_id", at: "")
        let clientId = validation.string(body, "client_id", at: "")
        let secret = validation.string(body, "client_secret", at: "")
        let signature = validation.string(body, "signature_secret", at: "", required: false)
        let profiles = validation.object(body, "profiles", at: "", required: false)?.objectValue ?? [:]
        if let accountId, !AccountSettings.isValidAccountId(accountId) {
            validation.fail("account_id", "expected T followed by 8 digits, got \"\(accountId)\"")
        }
        try validation.check()
        guard let accountId, let clientId, let secret else { throw APIError.internalError("account body vanished") }
        let settings = AccountSettings(
            accountId: accountId, clientId: clientId, clientSecret: secret, signatureSecret: signature,
            profiles: profiles)
        let account = makeAccount(settings)
        withState { $0.accounts[accountId] = account }
        return .json(["account_id": .string(accountId), "client_id": .string(clientId)], status: 201)
    }

    /// `POST /__sandbox/reset` (`?account=T…` for one account): forgets sessions, transactions, invoices and
    /// journal entries (that account's only, with `?account=`); tokens stay valid.
    func reset(_ context: RequestContext) throws -> EndpointResult {
        let only = context.query("account")
        journal.clear(account: only)
        withState { state in
            if let only {
                state.sessions.removeAll { $0.accountId == only }
                state.transactions.removeAll { $0.accountId == only }
                state.invoices.removeAll { $0.accountId == only }
                state.callbackDeliveries.removeAll { $0.accountId == only }
                state.invoiceFiles = state.invoiceFiles.filter { state.invoices[$0.value] != nil }
                state.openGroupInvoices = state.openGroupInvoices.filter { state.invoices[$0.value] != nil }
            } else {
                // Tokens (kept apart from the state) survive a reset: merchant SDKs cache them for hours.
                let accounts = state.accounts
                state = SandboxState()
                state.accounts = accounts.mapValues { makeAccount($0.settings) }
                for settings in configuration.accounts where state.accounts[settings.accountId] == nil {
                    state.accounts[settings.accountId] = makeAccount(settings)
                }
            }
        }
        // Give the freed objects' memory back to the system, so a long-running sandbox shrinks after a reset.
        FreedMemory.returnToSystem()
        return .json(["reset": .string(only ?? "all")])
    }
}
