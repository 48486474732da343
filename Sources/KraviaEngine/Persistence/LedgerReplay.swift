import SandboxSupport

/// A stored state being rebuilt: a snapshot's image, then each log record after it applied in order.
///
/// The timeline is kept by sequence while replaying (records take entries off by sequence), and turned back
/// into a heap once at the end.
struct LedgerReplay {
    private var books: AccountBooks
    private var timeline: [Int: Timeline.Entry]
    private var nextTimelineSequence: Int
    private var globals: LedgerGlobals
    private(set) var tokens: [String: AccessToken]
    private(set) var process: ProcessState?
    private(set) var lastSequence: UInt64

    init(snapshot: SnapshotImage?) {
        let image =
            snapshot?.ledger
            ?? LedgerImage(
                books: [], timeline: [], nextTimelineSequence: 0,
                globals: LedgerGlobals(defaultScenario: nil, globalFaultCounts: [:], nextDeliverySequence: 0))
        books = AccountBooks([:])
        timeline = [:]
        nextTimelineSequence = 0
        globals = image.globals
        tokens = Dictionary((snapshot?.tokens ?? []).map { ($0.value, $0) }, uniquingKeysWith: { $1 })
        process = snapshot?.process
        lastSequence = snapshot?.lastSequence ?? 0
        replace(with: image)
    }

    /// Applies `record`, which must be the one after the last applied.
    mutating func apply(_ record: LogRecord) throws(ReplayError) {
        guard record.sequence == lastSequence + 1 else {
            throw ReplayError("record \(record.sequence) follows record \(lastSequence): records are missing")
        }
        lastSequence = record.sequence
        process = record.process
        for token in record.tokens { tokens[token.value] = token }
        switch record.ledger {
        case nil: break
        case .whole(let image): replace(with: image)
        case .changes(let changes):
            for change in changes.books { try books.apply(change) }
            for entry in changes.timeline.scheduled {
                timeline[entry.sequence] = entry
                nextTimelineSequence = max(nextTimelineSequence, entry.sequence + 1)
            }
            for sequence in changes.timeline.removed { timeline[sequence] = nil }
            if let changed = changes.globals { globals = changed }
        }
    }

    private mutating func replace(with image: LedgerImage) {
        books = AccountBooks(Dictionary(image.books.map { ($0.account.id, $0) }, uniquingKeysWith: { $1 }))
        timeline = Dictionary(image.timeline.map { ($0.sequence, $0) }, uniquingKeysWith: { $1 })
        nextTimelineSequence = image.nextTimelineSequence
        globals = image.globals
    }

    /// The ledger as rebuilt.
    var image: LedgerImage {
        LedgerImage(
            books: books.values.sorted { $0.account.id < $1.account.id }, timeline: timeline.values.sorted(),
            nextTimelineSequence: nextTimelineSequence, globals: globals)
    }
}
