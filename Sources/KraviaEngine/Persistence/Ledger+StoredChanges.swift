import SandboxSupport

/// What one ledger operation changed, as the log keeps it.
struct LedgerChanges: Sendable, Codable {
    var books: [BookChange]
    var timeline: TimelineChanges
    /// The sandbox-wide parts, when one of them changed.
    var globals: LedgerGlobals?
}

/// The ledger's sandbox-wide parts outside books and timeline.
struct LedgerGlobals: Sendable, Codable {
    var defaultScenario: String?
    var globalFaultCounts: [String: Int]
    var nextDeliverySequence: Int
}

/// One entry of the log's ledger part: the changes of one operation, or the whole ledger after it was replaced
/// (a reset of everything).
enum LedgerRecord: Sendable, Codable {
    case changes(LedgerChanges)
    case whole(LedgerImage)
}

extension Ledger {
    /// Starts noting changes for `takeRecord()`, counting everything held now as logged.
    mutating func startRecordingChanges() {
        books.startRecordingChanges()
        timeline.startRecordingChanges()
        globalsChanged = false
    }

    /// What changed since the last call, nil when nothing did; the whole ledger when it was replaced since
    /// (it then records again).
    mutating func takeRecord() -> LedgerRecord? {
        guard books.isRecordingChanges else {
            startRecordingChanges()
            return .whole(image)
        }
        let books = books.takeChanges()
        let timeline = timeline.takeChanges()
        let globals = globalsChanged ? self.globals : nil
        globalsChanged = false
        guard !books.isEmpty || !timeline.isEmpty || globals != nil else { return nil }
        return .changes(LedgerChanges(books: books, timeline: timeline, globals: globals))
    }

    var globals: LedgerGlobals {
        LedgerGlobals(
            defaultScenario: defaultScenario, globalFaultCounts: globalFaultCounts,
            nextDeliverySequence: nextDeliverySequence)
    }

    /// Everything the ledger holds, as a snapshot keeps it.
    var image: LedgerImage {
        LedgerImage(
            books: books.values.sorted { $0.account.id < $1.account.id }, timeline: timeline.pending,
            nextTimelineSequence: timeline.nextSequence, globals: globals)
    }

    /// A ledger holding what `image` holds, not yet recording changes.
    init(environment: LedgerEnvironment, image: LedgerImage) {
        self.init(environment: environment)
        books = AccountBooks(Dictionary(image.books.map { ($0.account.id, $0) }, uniquingKeysWith: { $1 }))
        timeline = Timeline(entries: image.timeline, nextSequence: image.nextTimelineSequence)
        defaultScenario = image.globals.defaultScenario
        globalFaultCounts = image.globals.globalFaultCounts
        nextDeliverySequence = image.globals.nextDeliverySequence
        globalsChanged = false
    }
}

/// The whole ledger as stored: what a snapshot holds and a `whole` record replaces.
struct LedgerImage: Sendable, Codable {
    var books: [AccountBook]
    var timeline: [Timeline.Entry]
    var nextTimelineSequence: Int
    var globals: LedgerGlobals
}
