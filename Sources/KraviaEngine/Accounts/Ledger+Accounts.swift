extension Ledger {
    /// Opens an account with an empty book and a new Kravia creditor; an account that exists gets the new
    /// settings and creditor and keeps what its book holds.
    mutating func openAccount(_ settings: AccountSettings) {
        let prefix = ids.token(length: 5).uppercased().map { "0OIL".contains($0) ? "X" : $0 }
        let account = Account(settings: settings, creditor: Creditor(id: ids.digits(6), invoicePrefix: String(prefix)))
        if books[settings.accountId] != nil {
            books[settings.accountId]?.account = account
        } else {
            books[settings.accountId] = AccountBook(account: account)
        }
    }

    /// Forgets everything of one account as if it had just been opened, its settings (and secrets) kept: its
    /// book starts empty, its timeline jobs are dropped, and no other account is touched.
    mutating func reset(account accountId: String) {
        guard let settings = books[accountId]?.account.settings else { return }
        books[accountId] = nil
        openAccount(settings)
        timeline.removeAll { $0.accountId == accountId }
    }

    /// Forgets everything but the accounts' settings; `configured` accounts that were removed come back.
    mutating func resetAll(configured: [AccountSettings]) {
        let settings = books.values.map(\.account.settings).sorted { $0.accountId < $1.accountId }
        self = Ledger(environment: environment)
        for account in settings { openAccount(account) }
        for account in configured where books[account.accountId] == nil { openAccount(account) }
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
