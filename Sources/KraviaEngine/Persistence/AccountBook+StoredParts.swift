import SandboxSupport

/// Every stored part of an account book, in one place: what a snapshot writes of it (`Codable`, and the same
/// bytes by its own codec, `StoredValue`), what the log writes after an operation changed it (`takeDelta()`)
/// and how that is replayed (`apply(_:)`).
///
/// A new stored property of `AccountBook` must be added here, to `CodingKeys`, to both codecs and to the
/// stores or the parts below; `StoredPartsTests` fails until it is.
extension AccountBook: StoredValue {
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

    /// The same bytes as `encode(to:)`: the stores, then the parts in the same blob.
    func write(to sink: ByteSink) throws {
        try sink.write("sessions", sessions)
        try sink.write("transactions", transactions)
        try sink.write("invoices", invoices)
        try sink.write("invoiceFiles", invoiceFiles)
        try sink.write("debtorIds", debtorIds)
        try sink.write("deliveries", deliveries)
        try sink.write("settlements", codable: settlements)
        try sink.write("subscriptions", codable: subscriptions)
        try sink.write("reportConfigurations", codable: reportConfigurations)
        try parts(withAccount: true).write(to: sink)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(account: try members.codable("account", Account.self))
        sessions = try members.read("sessions", or: OrderedStore())
        transactions = try members.read("transactions", or: OrderedStore())
        invoices = try members.read("invoices", or: OrderedStore())
        invoiceFiles = try members.read("invoiceFiles", or: OrderedStore())
        debtorIds = try members.read("debtorIds", or: OrderedStore())
        deliveries = try members.read("deliveries", or: OrderedStore())
        settlements = try members.codableIfPresent("settlements", OrderedStore.self) ?? OrderedStore()
        subscriptions = try members.codableIfPresent("subscriptions", OrderedStore.self) ?? OrderedStore()
        reportConfigurations =
            try members.codableIfPresent("reportConfigurations", OrderedStore.self) ?? OrderedStore()
        apply(try BookParts(stored: blob))
        partsChanged = false
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

extension BookParts: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("account", codable: account)
        try sink.write("creditor", codable: creditor)
        try sink.write("openGroupInvoices", map: openGroupInvoices)
        try sink.write("faultCounts", map: faultCounts)
        try sink.write("defaultScenario", defaultScenario)
        sink.write("settlementPool", strings: settlementPool)
        try sink.write("nextSettlementRun", nextSettlementRun)
        try sink.write("settlementSequence", settlementSequence)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            account: try members.codableIfPresent("account", Account.self),
            creditor: try members.codable("creditor", Creditor.self),
            openGroupInvoices: try members.map("openGroupInvoices"), faultCounts: try members.map("faultCounts"),
            defaultScenario: try members.readIfPresent("defaultScenario"),
            settlementPool: try members.strings("settlementPool"),
            nextSettlementRun: try members.readIfPresent("nextSettlementRun"),
            settlementSequence: try members.read("settlementSequence"))
    }
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

extension BookDelta: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("accountId", accountId)
        try sink.write("parts", parts)
        try sink.write("sessions", list: sessions)
        try sink.write("transactions", list: transactions)
        try sink.write("invoices", list: invoices)
        try sink.write("invoiceFiles", list: invoiceFiles)
        try sink.write("debtorIds", list: debtorIds)
        try sink.write("deliveries", list: deliveries)
        try sink.write("settlements", codable: settlements)
        try sink.write("subscriptions", codable: subscriptions)
        try sink.write("reportConfigurations", codable: reportConfigurations)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            accountId: try members.read("accountId"), parts: try members.readIfPresent("parts"),
            sessions: try members.list("sessions"), transactions: try members.list("transactions"),
            invoices: try members.list("invoices"), invoiceFiles: try members.list("invoiceFiles"),
            debtorIds: try members.list("debtorIds"), deliveries: try members.list("deliveries"),
            settlements: try members.codableIfPresent("settlements", [StoredElement<Settlement>].self) ?? [],
            subscriptions: try members.codableIfPresent("subscriptions", [StoredElement<WebhookSubscription>].self)
                ?? [],
            reportConfigurations: try members.codableIfPresent(
                "reportConfigurations", [StoredElement<ReportConfiguration>].self) ?? [])
    }
}

extension BookChange: StoredValue {
    func write(to sink: ByteSink) throws {
        switch self {
        case .opened(let book): try sink.writeCase("opened", book)
        case .closed(let accountId): try sink.writeCase("closed", accountId)
        case .changed(let delta): try sink.writeCase("changed", delta)
        }
    }

    init(stored blob: StoredBlob) throws {
        let (name, value) = try blob.enumCase()
        switch name {
        case "opened": self = .opened(try value.caseValue())
        case "closed": self = .closed(try value.caseValue())
        case "changed": self = .changed(try value.caseValue())
        default: throw BinaryDecodingError(description: "unknown book change \(name)")
        }
    }
}
