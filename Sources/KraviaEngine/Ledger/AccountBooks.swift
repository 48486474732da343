import Synchronization

/// The ledger's books by account id: a dictionary that, in a durable sandbox, also notes which books each
/// operation reached into, so only those are asked for their changes.
struct AccountBooks: Sendable, Sequence {
    private var books: [String: AccountBook] = [:]
    /// The accounts whose books were written or reached into since the last `takeChanges()`; nil while nothing
    /// is recorded (the in-memory sandbox).
    private var touched: Set<String>?
    /// Each account's book as the log last saw it, by incarnation: a different one is logged whole.
    private var loggedIncarnations: [String: UInt64] = [:]
    /// Changes with every write to the books, and is unique across the process (a reset's new ledger never repeats
    /// an old one's): what is rendered from the books (the health document's lifecycles) is cached against it.
    private(set) var revision = AccountBooks.nextRevision()
    private static let revisions = Atomic<UInt64>(0)

    init() {}

    init(_ books: [String: AccountBook]) {
        self.books = books
    }

    private static func nextRevision() -> UInt64 {
        revisions.add(1, ordering: .relaxed).newValue
    }

    subscript(accountId: String) -> AccountBook? {
        get { books[accountId] }
        _modify {
            touched?.insert(accountId)
            revision = Self.nextRevision()
            yield &books[accountId]
        }
        set {
            touched?.insert(accountId)
            revision = Self.nextRevision()
            books[accountId] = newValue
        }
    }

    /// Takes a book out to change it at length and put it back: changing a copy while the original is still
    /// here would copy every store of the book (copy-on-write), once per operation.
    mutating func take(_ accountId: String) -> AccountBook? {
        touched?.insert(accountId)
        revision = Self.nextRevision()
        return books.removeValue(forKey: accountId)
    }

    var keys: Dictionary<String, AccountBook>.Keys { books.keys }
    var values: Dictionary<String, AccountBook>.Values { books.values }
    var count: Int { books.count }

    func compactMapValues<T>(_ transform: (AccountBook) throws -> T?) rethrows -> [String: T] {
        try books.compactMapValues(transform)
    }

    func makeIterator() -> Dictionary<String, AccountBook>.Iterator { books.makeIterator() }

    /// Whether changes are being recorded.
    var isRecordingChanges: Bool { touched != nil }

    /// Starts recording: every book as it stands counts as logged.
    mutating func startRecordingChanges() {
        touched = []
        revision = Self.nextRevision()
        loggedIncarnations = books.mapValues(\.incarnation)
        for id in books.keys { books[id]?.startRecordingChanges() }
    }

    /// What changed in the books since the last call: new or replaced books whole, removed ones by id, and the
    /// others' deltas.
    mutating func takeChanges() -> [BookChange] {
        guard let reached = touched, !reached.isEmpty else { return [] }
        touched = []
        revision = Self.nextRevision()
        var changes: [BookChange] = []
        for accountId in reached.sorted() {
            guard books[accountId] != nil else {
                if loggedIncarnations.removeValue(forKey: accountId) != nil { changes.append(.closed(accountId)) }
                continue
            }
            if loggedIncarnations[accountId] != books[accountId]!.incarnation {
                books[accountId]!.startRecordingChanges()
                _ = books[accountId]!.takeDelta()
                loggedIncarnations[accountId] = books[accountId]!.incarnation
                changes.append(.opened(books[accountId]!))
            } else if let delta = books[accountId]!.takeDelta() {
                changes.append(.changed(delta))
            }
        }
        return changes
    }

    /// Replays one change as `takeChanges()` gave it.
    mutating func apply(_ change: BookChange) throws(ReplayError) {
        revision = Self.nextRevision()
        switch change {
        case .opened(let book): books[book.account.id] = book
        case .closed(let accountId): books[accountId] = nil
        case .changed(let delta):
            guard books[delta.accountId] != nil else {
                throw ReplayError("a change to account \(delta.accountId), which is not stored")
            }
            books[delta.accountId]!.apply(delta)
        }
    }
}

/// What one ledger operation did to one account's book.
enum BookChange: Sendable, Codable {
    /// A book the log had not seen (a new account, or one reset): the whole of it.
    case opened(AccountBook)
    /// The account is gone.
    case closed(String)
    /// What changed in a book the log has.
    case changed(BookDelta)
}
