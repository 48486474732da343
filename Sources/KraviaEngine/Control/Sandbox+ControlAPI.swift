import SandboxSupport

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
        let statistics = journal.statistics
        let lifecycles = ledger.read { ledger in
            healthDocument.lifecycles(revision: ledger.books.revision) {
                // Sorted byte-wise, as the serialiser sorts the members of an object.
                ledger.books.keys.map { (account: $0, lifecycle: ledger.lifecycle(ofAccount: $0).rawValue) }
                    .sorted { $0.account.utf8.lexicographicallyPrecedes($1.account.utf8) }
            }
        }
        return .jsonData(
            healthDocument.render(
                data: dataHealth, journalEntries: statistics.entries, journalDropped: statistics.dropped,
                lifecycles: lifecycles))
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
        let lifecycle = validation.oneOf(body, "kravia_lifecycle", at: "", KraviaLifecycle.allCases.map(\.rawValue))
        let settlement = SettlementConfiguration.read(body["settlement"], at: "settlement", into: &validation)
        if let accountId, !AccountSettings.isValidAccountId(accountId) {
            validation.fail("account_id", "expected T followed by 8 digits, got \"\(accountId)\"")
        }
        try validation.check()
        guard let accountId, let clientId, let secret else { throw APIError.internalError("account body vanished") }
        let settings = AccountSettings(
            accountId: accountId, clientId: clientId, clientSecret: secret, signatureSecret: signature,
            profiles: profiles, kraviaLifecycle: lifecycle.flatMap(KraviaLifecycle.init(rawValue:)),
            settlement: settlement)
        ledger.transact { $0.openAccount(settings, at: context.now) }
        return .json(
            .object(dropping: [
                "account_id": .string(accountId), "client_id": .string(clientId),
                "kravia_lifecycle": lifecycle.map(JSONValue.string),
            ]), status: 201)
    }

    /// `POST /__sandbox/reset` (`?account=T…` for one account): forgets sessions, transactions, invoices,
    /// deliveries, counters, defaults, timeline jobs and journal entries (that account's only, with `?account=`,
    /// which then answers exactly as a freshly opened account); tokens stay valid.
    func reset(_ context: RequestContext) throws -> EndpointResult {
        let only = context.query("account")
        journal.clear(account: only)
        // Tokens (kept apart from the ledger) survive a reset: merchant SDKs cache them for hours.
        ledger.transact { ledger in
            if let only {
                ledger.reset(account: only, at: context.now)
            } else {
                ledger.resetAll(configured: configuration.accounts, at: context.now)
            }
        }
        // What is on disk starts again from the reset state too: a snapshot of it, the older log removed.
        try takeSnapshotIfDurable()
        // Give the freed objects' memory back to the system, so a long-running sandbox shrinks after a reset.
        FreedMemory.returnToSystem()
        return .json(["reset": .string(only ?? "all")])
    }
}
