import SandboxSupport

/// Work that falls due at an instant of sandbox time; every job names the account it belongs to, so an
/// account's reset can drop its jobs.
enum TimelineJob: Sendable, Codable, Equatable {
    /// One attempt to deliver a callback.
    case callbackAttempt(accountId: String, deliveryId: String)
    /// The step at `stepIndex` of the transaction's scenario timeline.
    case scenarioStep(transactionId: String, stepIndex: Int)
    /// A grouped invoice's period has ended: issue it.
    case issueGroupedInvoice(accountId: String, invoiceNumber: String)
    /// A fully paid invoice's transaction settles to the merchant.
    case settle(transactionId: String)
    /// The account's daily settlement run: what was paid out since the last one becomes settlements.
    case settlementRun(accountId: String)

    /// The account the job acts for.
    var accountId: String {
        switch self {
        case .callbackAttempt(let accountId, _), .issueGroupedInvoice(let accountId, _),
            .settlementRun(let accountId):
            accountId
        case .scenarioStep(let transactionId, _), .settle(let transactionId):
            Ledger.accountId(ofObject: transactionId)
        }
    }
}

/// Jobs ordered by due time, then by the order they were scheduled in, so equal times run first-come first-served.
struct Timeline: Sendable {
    struct Entry: Sendable, Codable, Comparable {
        var due: Timestamp
        var sequence: Int
        var job: TimelineJob

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.due, lhs.sequence) < (rhs.due, rhs.sequence)
        }

        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.sequence == rhs.sequence
        }
    }

    private var heap = MinHeap<Entry>()
    private(set) var nextSequence = 0
    /// What was scheduled and taken off since the last `takeChanges()`, while a durable sandbox records; nil
    /// otherwise.
    private var changes: TimelineChanges?

    init() {}

    /// A timeline holding `entries`, its next job numbered `nextSequence`.
    init(entries: some Sequence<Entry>, nextSequence: Int) {
        for entry in entries { heap.push(entry) }
        self.nextSequence = nextSequence
    }

    var count: Int { heap.count }

    /// The earliest due time, if anything is scheduled.
    var nextDue: Timestamp? { heap.min?.due }

    mutating func schedule(_ job: TimelineJob, at due: Timestamp) {
        let entry = Entry(due: due, sequence: nextSequence, job: job)
        heap.push(entry)
        nextSequence += 1
        changes?.scheduled.append(entry)
    }

    /// Removes and returns the earliest entry due at or before `instant`.
    mutating func popDue(notAfter instant: Timestamp) -> Entry? {
        guard let first = heap.min, first.due <= instant else { return nil }
        changes?.removed.append(first.sequence)
        return heap.pop()
    }

    /// The scheduled entries, earliest first.
    var pending: [Entry] { heap.elements.sorted() }

    mutating func removeAll(where shouldRemove: (TimelineJob) -> Bool) {
        if changes != nil {
            for entry in heap.elements where shouldRemove(entry.job) { changes?.removed.append(entry.sequence) }
        }
        heap.removeAll { shouldRemove($0.job) }
    }

    /// Starts noting what is scheduled and removed, for `takeChanges()`.
    mutating func startRecordingChanges() {
        if changes == nil { changes = TimelineChanges() }
    }

    /// What was scheduled and removed since the last call.
    mutating func takeChanges() -> TimelineChanges {
        guard let taken = changes else { return TimelineChanges() }
        changes = TimelineChanges()
        return taken
    }
}

/// What ledger operations did to the timeline, as the log keeps it: the entries scheduled and the sequence
/// numbers of those taken off (run or dropped).
struct TimelineChanges: Sendable, Codable {
    var scheduled: [Timeline.Entry] = []
    var removed: [Int] = []

    var isEmpty: Bool { scheduled.isEmpty && removed.isEmpty }
}
