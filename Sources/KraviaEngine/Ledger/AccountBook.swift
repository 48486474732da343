import SandboxSupport
import Synchronization

/// One merchant account's part of the ledger: what it created, what Kravia keeps for it, and its counters.
///
/// Nothing of one account lives outside its book except timeline jobs (which name their account), so resetting
/// an account is replacing its book and dropping its jobs.
///
/// A durable sandbox logs what changed in a book after each ledger operation (`AccountBook+StoredParts`): the
/// stores note their written ids themselves, the other parts set `partsChanged` when written.
struct AccountBook: Sendable {
    var account: Account { didSet { partsChanged = true } }
    var sessions = OrderedStore<Session>()
    var transactions = OrderedStore<Transaction>()
    var invoices = OrderedStore<Invoice>()
    /// Invoice numbers by the file id their PDF is served under.
    var invoiceFiles = OrderedStore<String>()
    /// Kravia's debtor ids by customer (organization number or email), so a returning customer keeps theirs.
    var debtorIds = OrderedStore<String>()
    /// The grouped invoice still collecting purchases, by customer group and period.
    var openGroupInvoices: [String: String] = [:] { didSet { partsChanged = true } }
    /// Callbacks to this merchant, queued, delivered or given up, with every attempt.
    var deliveries = OrderedStore<CallbackDelivery>()
    /// How many times each API fault counted per account or per transaction has fired here.
    var faultCounts: [String: Int] = [:] { didSet { partsChanged = true } }
    /// The scenario used when neither the completion nor a match rule names one.
    var defaultScenario: String? { didSet { partsChanged = true } }
    /// Payouts made so far.
    var settlements = OrderedStore<Settlement>()
    /// Transactions paid out (a SETTLEMENT event) and waiting for the next settlement run, in order.
    var settlementPool: [String] = [] { didSet { partsChanged = true } }
    /// When the next settlement run is scheduled, if one is.
    var nextSettlementRun: Timestamp? { didSet { partsChanged = true } }
    /// Numbers the settlements' provider references.
    var settlementSequence = 0 { didSet { partsChanged = true } }
    /// Webhook subscriptions.
    var subscriptions = OrderedStore<WebhookSubscription>()
    /// Settlement report configurations (stored and listed; nothing is sent).
    var reportConfigurations = OrderedStore<ReportConfiguration>()

    /// Whether a part outside the stores was written since the durable log last took this book's changes.
    var partsChanged = false
    /// The account as the log last wrote it whole: its settings and profiles are logged again only once they
    /// differ (each invoice moves the creditor's sequence, which is logged on its own).
    var loggedAccount: Account?
    /// Tells this book from an earlier one of the same account (a reset replaces the book): a book the log has
    /// not seen is logged whole.
    let incarnation = AccountBook.nextIncarnation.add(1, ordering: .relaxed).oldValue

    private static let nextIncarnation = Atomic<UInt64>(1)

    init(account: Account) {
        self.account = account
    }
}
