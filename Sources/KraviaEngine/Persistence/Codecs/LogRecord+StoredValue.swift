import SandboxSupport

extension LogRecord: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("sequence", sequence)
        try sink.write("ledger", ledger)
        try sink.write("tokens", list: tokens)
        try sink.write("process", process)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            sequence: try members.read("sequence"), ledger: try members.readIfPresent("ledger"),
            tokens: try members.list("tokens"), process: try members.read("process"))
    }
}

extension SnapshotImage: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("lastSequence", lastSequence)
        try sink.write("ledger", ledger)
        try sink.write("tokens", list: tokens)
        try sink.write("process", process)
        try sink.write("takenAt", takenAt)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            lastSequence: try members.read("lastSequence"), ledger: try members.read("ledger"),
            tokens: try members.list("tokens"), process: try members.read("process"),
            takenAt: try members.read("takenAt"))
    }
}

extension ProcessState: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("clock", clock)
        try sink.write("ids", list: ids)
        try sink.write("callbackIds", list: callbackIds)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            clock: try members.read("clock"), ids: try members.list("ids"), callbackIds: try members.list("callbackIds")
        )
    }
}

extension ClockSetting: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("frozenAt", frozenAt)
        try sink.write("offsetMilliseconds", offsetMilliseconds)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            frozenAt: try members.readIfPresent("frozenAt"), offsetMilliseconds: try members.read("offsetMilliseconds"))
    }
}

extension AccessToken: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("value", value)
        try sink.write("accountId", accountId)
        try sink.write("expiresAt", expiresAt)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            value: try members.read("value"), accountId: try members.read("accountId"),
            expiresAt: try members.read("expiresAt"))
    }
}

extension LedgerRecord: StoredValue {
    func write(to sink: ByteSink) throws {
        switch self {
        case .changes(let changes): try sink.writeCase("changes", changes)
        case .whole(let image): try sink.writeCase("whole", image)
        }
    }

    init(stored blob: StoredBlob) throws {
        let (name, value) = try blob.enumCase()
        switch name {
        case "changes": self = .changes(try value.caseValue())
        case "whole": self = .whole(try value.caseValue())
        default: throw BinaryDecodingError(description: "unknown ledger record \(name)")
        }
    }
}

extension LedgerChanges: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("books", list: books)
        try sink.write("timeline", timeline)
        try sink.write("globals", globals)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            books: try members.list("books"), timeline: try members.read("timeline", or: TimelineChanges()),
            globals: try members.readIfPresent("globals"))
    }
}

extension LedgerImage: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("books", list: books)
        try sink.write("timeline", list: timeline)
        try sink.write("nextTimelineSequence", nextTimelineSequence)
        try sink.write("globals", globals)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            books: try members.list("books"), timeline: try members.list("timeline"),
            nextTimelineSequence: try members.read("nextTimelineSequence"), globals: try members.read("globals"))
    }
}

extension LedgerGlobals: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("defaultScenario", defaultScenario)
        try sink.write("globalFaultCounts", map: globalFaultCounts)
        try sink.write("nextDeliverySequence", nextDeliverySequence)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            defaultScenario: try members.readIfPresent("defaultScenario"),
            globalFaultCounts: try members.map("globalFaultCounts"),
            nextDeliverySequence: try members.read("nextDeliverySequence"))
    }
}

extension TimelineChanges: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("scheduled", list: scheduled)
        try sink.write("removed", list: removed)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(scheduled: try members.list("scheduled"), removed: try members.list("removed"))
    }
}

extension Timeline.Entry: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("due", due)
        try sink.write("sequence", sequence)
        try sink.write("job", job)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(due: try members.read("due"), sequence: try members.read("sequence"), job: try members.read("job"))
    }
}

/// A case with labelled values is a keyed blob of them under the case's name.
extension TimelineJob: StoredValue {
    func write(to sink: ByteSink) throws {
        switch self {
        case .callbackAttempt(let accountId, let deliveryId):
            try sink.writeCase("callbackAttempt") { sink in
                try sink.write("accountId", accountId)
                try sink.write("deliveryId", deliveryId)
            }
        case .scenarioStep(let transactionId, let stepIndex):
            try sink.writeCase("scenarioStep") { sink in
                try sink.write("transactionId", transactionId)
                try sink.write("stepIndex", stepIndex)
            }
        case .issueGroupedInvoice(let accountId, let invoiceNumber):
            try sink.writeCase("issueGroupedInvoice") { sink in
                try sink.write("accountId", accountId)
                try sink.write("invoiceNumber", invoiceNumber)
            }
        case .settle(let transactionId):
            try sink.writeCase("settle") { sink in try sink.write("transactionId", transactionId) }
        case .settlementRun(let accountId):
            try sink.writeCase("settlementRun") { sink in try sink.write("accountId", accountId) }
        }
    }

    init(stored blob: StoredBlob) throws {
        let (name, value) = try blob.enumCase()
        var members = value.members
        switch name {
        case "callbackAttempt":
            self = .callbackAttempt(
                accountId: try members.read("accountId"), deliveryId: try members.read("deliveryId"))
        case "scenarioStep":
            self = .scenarioStep(
                transactionId: try members.read("transactionId"), stepIndex: try members.read("stepIndex"))
        case "issueGroupedInvoice":
            self = .issueGroupedInvoice(
                accountId: try members.read("accountId"), invoiceNumber: try members.read("invoiceNumber"))
        case "settle": self = .settle(transactionId: try members.read("transactionId"))
        case "settlementRun": self = .settlementRun(accountId: try members.read("accountId"))
        default: throw BinaryDecodingError(description: "unknown timeline job \(name)")
        }
    }
}
