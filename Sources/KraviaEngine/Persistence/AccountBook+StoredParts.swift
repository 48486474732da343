import SandboxSupport

/// Every stored part of an account book, in one place: what a snapshot writes of it (`Codable`), what the log
/// writes after an operation changed it (`takeDelta()`) and how that is replayed (`apply(_:)`).
///
/// A new stored property of `AccountBook` must be added here, to `CodingKeys` and to the stores or the parts
/// below; `StoredPartsTests` fails until it is.
extension AccountBook: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case account, sessions, transactions, invoices, invoiceFiles, debtorIds, openGroupInvoices, deliveries
        case faultCounts, defaultScenario, settlements, settlementPool, nextSettlementRun, settlementSequence
        case subscriptions, reportConfigurations
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(account: try container.decode(Account.self, forKey: .account))
        sessions = try container.decodeIfPresent(OrderedStore.self, forKey: .sessions) ?? OrderedStore()
        transactions = try container.decodeIfPresent(OrderedStore.self, forKey: .transactions) ?? OrderedStore()
        invoices = try container.decodeIfPresent(OrderedStore.self, forKey: .invoices) ?? OrderedStore()
        invoiceFiles = try container.decodeIfPresent(OrderedStore.self, forKey: .invoiceFiles) ?? OrderedStore()
        debtorIds = try container.decodeIfPresent(OrderedStore.self, forKey: .debtorIds) ?? OrderedStore()
        deliveries = try container.decodeIfPresent(OrderedStore.self, forKey: .deliveries) ?? OrderedStore()
        settlements = try container.decodeIfPresent(OrderedStore.self, forKey: .settlements) ?? OrderedStore()
        subscriptions = try container.decodeIfPresent(OrderedStore.self, forKey: .subscriptions) ?? OrderedStore()
        reportConfigurations =
            try container.decodeIfPresent(OrderedStore.self, forKey: .reportConfigurations) ?? OrderedStore()
        try apply(BookParts(from: decoder))
        partsChanged = false
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessions, forKey: .sessions)
        try container.encode(transactions, forKey: .transactions)
        try container.encode(invoices, forKey: .invoices)
        try container.encode(invoiceFiles, forKey: .invoiceFiles)
        try container.encode(debtorIds, forKey: .debtorIds)
        try container.encode(deliveries, forKey: .deliveries)
        try container.encode(settlements, forKey: .settlements)
        try container.encode(subscriptions, forKey: .subscriptions)
        try container.encode(reportConfigurations, forKey: .reportConfigurations)
        try parts(withAccount: true).encode(to: encoder)
    }

    /// The parts outside the stores, as one value; the account's settings and profiles only `withAccount`.
    func parts(withAccount: Bool) -> BookParts {
        BookParts(
            account: withAccount ? account : nil, creditor: account.creditor, openGroupInvoices: openGroupInvoices,
            faultCounts: faultCounts,
            defaultScenario: defaultScenario, settlementPool: settlementPool, nextSettlementRun: nextSettlementRun,
            settlementSequence: settlementSequence)
    }

    private mutating func apply(_ parts: BookParts) {
        if let whole = parts.account { account = whole }
        account.creditor = parts.creditor
        openGroupInvoices = parts.openGroupInvoices
        faultCounts = parts.faultCounts
        defaultScenario = parts.defaultScenario
        settlementPool = parts.settlementPool
        nextSettlementRun = parts.nextSettlementRun
        settlementSequence = parts.settlementSequence
    }

    /// Makes every store note its written ids, for `takeDelta()`.
    mutating func startRecordingChanges() {
        loggedAccount = account
        sessions.startRecordingChanges()
        transactions.startRecordingChanges()
        invoices.startRecordingChanges()
        invoiceFiles.startRecordingChanges()
        debtorIds.startRecordingChanges()
        deliveries.startRecordingChanges()
        settlements.startRecordingChanges()
        subscriptions.startRecordingChanges()
        reportConfigurations.startRecordingChanges()
    }

    /// What changed since the last call; nil when nothing did (a read through the book, e.g. a cached GET).
    mutating func takeDelta() -> BookDelta? {
        let storesChanged =
            sessions.hasChanges || transactions.hasChanges || invoices.hasChanges || invoiceFiles.hasChanges
            || debtorIds.hasChanges || deliveries.hasChanges || settlements.hasChanges || subscriptions.hasChanges
            || reportConfigurations.hasChanges
        guard storesChanged || partsChanged else { return nil }
        var parts: BookParts?
        if partsChanged {
            var unchanged = loggedAccount
            unchanged?.creditor = account.creditor
            parts = self.parts(withAccount: unchanged != account)
            if unchanged != account { loggedAccount = account }
            partsChanged = false
        }
        return BookDelta(
            accountId: account.id, parts: parts, sessions: sessions.takeChanges(),
            transactions: transactions.takeChanges(), invoices: invoices.takeChanges(),
            invoiceFiles: invoiceFiles.takeChanges(), debtorIds: debtorIds.takeChanges(),
            deliveries: deliveries.takeChanges(), settlements: settlements.takeChanges(),
            subscriptions: subscriptions.takeChanges(), reportConfigurations: reportConfigurations.takeChanges())
    }

    /// Replays a delta `takeDelta()` gave.
    mutating func apply(_ delta: BookDelta) {
        if let parts = delta.parts { apply(parts) }
        sessions.apply(delta.sessions)
        transactions.apply(delta.transactions)
        invoices.apply(delta.invoices)
        invoiceFiles.apply(delta.invoiceFiles)
        debtorIds.apply(delta.debtorIds)
        deliveries.apply(delta.deliveries)
        settlements.apply(delta.settlements)
        subscriptions.apply(delta.subscriptions)
        reportConfigurations.apply(delta.reportConfigurations)
        partsChanged = false
    }

    /// How many objects each store holds, for `kravia-sandbox data inspect`.
    var storedCounts: KeyValuePairs<String, Int> {
        [
            "sessions": sessions.count, "transactions": transactions.count, "invoices": invoices.count,
            "deliveries": deliveries.count, "settlements": settlements.count, "subscriptions": subscriptions.count,
            "report_configurations": reportConfigurations.count,
        ]
    }
}

/// The parts of a book outside its stores: small, so logged whole when any of them changes.
struct BookParts: Sendable, Codable {
    /// Nil when only the creditor changed.
    var account: Account?
    var creditor: Creditor
    var openGroupInvoices: [String: String]
    var faultCounts: [String: Int]
    var defaultScenario: String?
    var settlementPool: [String]
    var nextSettlementRun: Timestamp?
    var settlementSequence: Int
}

/// What one ledger operation changed in one book: the parts when they changed, and each store's written
/// elements.
struct BookDelta: Sendable, Codable {
    var accountId: String
    var parts: BookParts?
    var sessions: [StoredElement<Session>]
    var transactions: [StoredElement<Transaction>]
    var invoices: [StoredElement<Invoice>]
    var invoiceFiles: [StoredElement<String>]
    var debtorIds: [StoredElement<String>]
    var deliveries: [StoredElement<CallbackDelivery>]
    var settlements: [StoredElement<Settlement>]
    var subscriptions: [StoredElement<WebhookSubscription>]
    var reportConfigurations: [StoredElement<ReportConfiguration>]
}
