/// Everything the sandbox holds, in one value: a book per merchant account, plus what spans accounts.
///
/// Domain operations are mutating methods on the ledger, grouped by concern (`Ledger+Checkout`,
/// `Ledger+Registration`, `Ledger+Refunds`, `Ledger+Payments`, `Ledger+Settlement`, …). They never reach outside
/// it: what must happen once the lock is released (waking the timeline runner, arming API faults) they note in
/// `effects`, and `LedgerStore` carries that out after unlocking.
struct Ledger: Sendable {
    /// What the operations draw on but never change: ids, scenarios, settlement delay.
    let environment: LedgerEnvironment
    /// Each account's sessions, transactions, invoices, deliveries and counters, by account id.
    var books = AccountBooks()
    /// Everything timed, for every account: callback attempts, scenario steps, invoice issuing, settlements.
    var timeline = Timeline()
    /// The scenario for accounts without their own default (`PUT /__sandbox/scenarios/default` without `?account=`).
    var defaultScenario: String? { didSet { globalsChanged = true } }
    /// How many times each API fault counted sandbox-wide (`counter: global`) has fired.
    var globalFaultCounts: [String: Int] = [:] { didSet { globalsChanged = true } }
    /// Orders callback deliveries across accounts, for the sandbox-wide list.
    var nextDeliverySequence = 0 { didSet { globalsChanged = true } }
    /// Whether one of the three above changed since a durable sandbox's log last took the changes.
    var globalsChanged = false
    /// What the operations since the last `takeEffects()` want done after the lock.
    private(set) var effects = LedgerEffects()

    init(environment: LedgerEnvironment) {
        self.environment = environment
    }

    /// The domain's id stream.
    var ids: IdentifierGenerator { environment.ids }

    /// The account owning `id` (sessions and transactions are prefixed with their account id).
    static func accountId(ofObject id: String) -> String {
        String(id.prefix { $0 != "." })
    }

    /// The transaction `id`, found in its account's book.
    subscript(transaction id: String) -> Transaction? {
        get { books[Self.accountId(ofObject: id)]?.transactions[id] }
        set { books[Self.accountId(ofObject: id)]?.transactions[id] = newValue }
    }

    /// The session `id`, found in its account's book.
    subscript(session id: String) -> Session? {
        get { books[Self.accountId(ofObject: id)]?.sessions[id] }
        set { books[Self.accountId(ofObject: id)]?.sessions[id] = newValue }
    }

    /// The transaction `id` when `accountId` owns it; another account's transaction does not exist for you.
    func ownedTransaction(_ id: String, accountId: String) throws(APIError) -> Transaction {
        guard let transaction = books[accountId]?.transactions[id] else {
            throw .notFound("Transaction \(id) not found")
        }
        return transaction
    }

    /// The session `id` when `accountId` owns it.
    func ownedSession(_ id: String, accountId: String) throws(APIError) -> Session {
        guard let session = books[accountId]?.sessions[id] else { throw .notFound("Session \(id) not found") }
        return session
    }

    /// The Kravia model `accountId`'s new transactions follow.
    func lifecycle(ofAccount accountId: String) -> KraviaLifecycle {
        books[accountId]?.account.settings.kraviaLifecycle ?? environment.defaultLifecycle
    }

    /// The account whose book holds invoice `number` (invoice numbers carry their creditor's prefix, not the
    /// account id, so the books are asked).
    func accountId(ofInvoice number: String) -> String? {
        books.first { $0.value.invoices[number] != nil }?.key
    }

    /// Notes work for after the lock.
    mutating func require(_ effect: LedgerEffects) {
        effects.formUnion(effect)
    }

    /// Hands over the effects noted so far and starts a new list.
    mutating func takeEffects() -> LedgerEffects {
        defer { effects = LedgerEffects() }
        return effects
    }
}
