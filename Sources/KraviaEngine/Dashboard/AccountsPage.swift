import SandboxSupport

/// The merchant accounts: credentials to paste into a client, the callback signature secret, the Kravia model,
/// the creditor, and the payment profiles.
struct AccountsPage: DashboardPage {
    static let section = "accounts"
    let title = "Accounts"
    var accounts: [(account: Account, transactions: Int, sessions: Int)]
    var defaultLifecycle: KraviaLifecycle

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        accounts = sandbox.ledger.read { ledger in
            ledger.books.values.map { ($0.account, $0.transactions.count, $0.sessions.count) }
        }.sorted { $0.account.id < $1.account.id }
        defaultLifecycle = sandbox.configuration.kraviaLifecycle
    }

    func html(_ view: DashboardView) -> String {
        accounts.map { entry in
            let account = entry.account
            let settings = account.settings
            let facts = [
                ("Client id", "<code>\(HTML.escape(settings.clientId))</code>"),
                ("Client secret", "<code>\(HTML.escape(settings.clientSecret))</code>"),
                (
                    "Signature secret",
                    settings.signatureSecret.map { "<code>\(HTML.escape($0))</code>" }
                        ?? "none (callbacks are not signed)"
                ),
                ("Merchant name", HTML.escape(settings.merchantName)),
                ("Kravia model", HTML.escape((settings.kraviaLifecycle ?? defaultLifecycle).rawValue)),
                (
                    "Creditor",
                    "\(HTML.escape(account.creditor.id)), invoices \(HTML.escape(account.creditor.invoicePrefix))-…"
                ),
                ("Transactions", "\(entry.transactions) · sessions \(entry.sessions)"),
            ].map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined()
            let configured = settings.profiles.sorted { $0.key < $1.key }.map { name, configuration in
                "<details><summary>\(HTML.escape(name)) (configured)</summary>\(DashboardMarkup.json(configuration))</details>"
            }
            let created = account.profiles.values.sorted { $0.id < $1.id }.map { profile in
                "<details><summary>\(HTML.escape(profile.id)) — \(HTML.escape(profile.description))</summary>\(DashboardMarkup.json(profile.json))</details>"
            }
            return """
                <section class="card" aria-labelledby="account-\(HTML.escape(account.id))" data-testid="account">
                <h2 id="account-\(HTML.escape(account.id))">\(HTML.escape(account.id))</h2><dl class="facts">\(facts)</dl>
                <h3>Payment profiles</h3>\((created.isEmpty ? configured : created).joined())</section>
                """
        }.joined()
    }
}
