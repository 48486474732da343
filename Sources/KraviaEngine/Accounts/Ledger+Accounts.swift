import SandboxSupport

extension Ledger {
    /// Opens an account with an empty book and a new Kravia creditor; an account that exists gets the new
    /// settings and creditor and keeps what its book holds.
    mutating func openAccount(_ settings: AccountSettings, at now: Timestamp) {
        let prefix = ids.token(length: 5).uppercased().map { "0OIL".contains($0) ? "X" : $0 }
        var account = Account(settings: settings, creditor: Creditor(id: ids.digits(6), invoicePrefix: String(prefix)))
        for (id, configuration) in settings.profiles {
            let description = id == "default" ? "Default payment profile" : ""
            account.profiles[id] = PaymentProfile(
                id: id, description: description, configuration: configuration, createdAt: now, updatedAt: now)
        }
        if books[settings.accountId] != nil {
            books[settings.accountId]?.account = account
        } else {
            books[settings.accountId] = AccountBook(account: account)
        }
    }

    /// Forgets everything of one account as if it had just been opened, its settings, secrets and payment
    /// profiles kept: its book starts empty, its timeline jobs are dropped, and no other account is touched.
    mutating func reset(account accountId: String, at now: Timestamp) {
        guard let account = books[accountId]?.account else { return }
        books[accountId] = nil
        openAccount(account.settings, at: now)
        books[accountId]?.account.profiles = account.profiles
        timeline.removeAll { $0.accountId == accountId }
    }

    /// Forgets everything but the accounts' settings; `configured` accounts that were removed come back.
    mutating func resetAll(configured: [AccountSettings], at now: Timestamp) {
        let accounts = books.values.map(\.account).sorted { $0.id < $1.id }
        self = Ledger(environment: environment)
        for account in accounts {
            openAccount(account.settings, at: now)
            books[account.id]?.account.profiles = account.profiles
        }
        for account in configured where books[account.accountId] == nil { openAccount(account, at: now) }
    }

    /// Chooses the default scenario for one account, or sandbox-wide without one; nil clears it.
    mutating func chooseDefaultScenario(_ name: String?, account: String?) throws(APIError) {
        armFaults(forScenario: name)
        guard let account else {
            defaultScenario = name
            return
        }
        guard books[account] != nil else { throw APIError.notFound("Account \(account) not found") }
        books[account]?.defaultScenario = name
    }
}
