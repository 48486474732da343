import SandboxSupport

/// One merchant account's part of the ledger: what it created, what Kravia keeps for it, and its counters.
///
/// Nothing of one account lives outside its book except timeline jobs (which name their account), so resetting
/// an account is replacing its book and dropping its jobs.
struct AccountBook: Sendable {
    var account: Account
    var sessions = OrderedStore<Session>()
    var transactions = OrderedStore<Transaction>()
    var invoices = OrderedStore<Invoice>()
    /// Invoice numbers by the file id their PDF is served under.
    var invoiceFiles: [String: String] = [:]
    /// Kravia's debtor ids by customer (organization number or email), so a returning customer keeps theirs.
    var debtorIds: [String: String] = [:]
    /// The grouped invoice still collecting purchases, by customer group and period.
    var openGroupInvoices: [String: String] = [:]
    /// Callbacks to this merchant, queued, delivered or given up, with every attempt.
    var deliveries = OrderedStore<CallbackDelivery>()
    /// How many times each API fault counted per account or per transaction has fired here.
    var faultCounts: [String: Int] = [:]
    /// The scenario used when neither the completion nor a match rule names one.
    var defaultScenario: String?
    /// Payouts made so far.
    var settlements = OrderedStore<Settlement>()
    /// Transactions paid out (a SETTLEMENT event) and waiting for the next settlement run, in order.
    var settlementPool: [String] = []
    /// When the next settlement run is scheduled, if one is.
    var nextSettlementRun: Timestamp?
    /// Numbers the settlements' provider references.
    var settlementSequence = 0
    /// Webhook subscriptions.
    var subscriptions = OrderedStore<WebhookSubscription>()
    /// Settlement report configurations (stored and listed; nothing is sent).
    var reportConfigurations = OrderedStore<ReportConfiguration>()

    init(account: Account) {
        self.account = account
    }
}
