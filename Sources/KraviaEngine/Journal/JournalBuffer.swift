/// The entries held in memory, oldest first, at most `limit` of them: the oldest leave when a new one would
/// exceed it. Appending and dropping are amortised O(1), so a full buffer costs no more per record than an empty one.
///
/// Entries arrive as recorded, their ids not yet inferred; `inferIdentifiers()` completes the newer ones before
/// anything filters or shows them, so the request path never pays for reading bodies.
struct JournalBuffer: Sendable {
    let limit: Int?
    private var storage: [JournalEntry] = []
    /// Index of the oldest live entry in `storage`; the slots before it are dropped and wait for compaction.
    private var head = 0
    /// How many entries left memory because of `limit`.
    private(set) var dropped = 0
    /// Index in `storage` of the oldest entry whose ids are not inferred yet (`storage.count` when none).
    private var uninferred = 0

    init(limit: Int?) {
        self.limit = limit.map { max(1, $0) }
    }

    /// The live entries, oldest first.
    var entries: ArraySlice<JournalEntry> { storage[head...] }

    var count: Int { storage.count - head }

    /// The live entries that pass `filter`, oldest first, at most `limit`. Only those are copied (see
    /// `JournalFilter.matches(at:)`).
    func entries(matching filter: JournalFilter, limit: Int?) -> [JournalEntry] {
        var result: [JournalEntry] = []
        storage.withUnsafeBufferPointer { entries in
            guard let first = entries.baseAddress else { return }
            for index in head..<entries.count where filter.matches(at: first + index) {
                result.append(entries[index])
                if let limit, result.count >= limit { break }
            }
        }
        return result
    }

    mutating func append(_ entry: JournalEntry) {
        storage.append(entry)
        if let limit, count > limit {
            head += 1
            dropped += 1
            compactIfWorthwhile()
        }
    }

    /// Infers the ids of the entries appended since the last call, oldest first.
    mutating func inferIdentifiers() {
        for index in max(head, uninferred)..<storage.count { storage[index].record.inferIdentifiers() }
        uninferred = storage.count
    }

    /// Forgets the entries `remove` selects (all of them when nil); the dropped count stays.
    mutating func removeAll(where remove: ((JournalEntry) -> Bool)? = nil) {
        if let remove {
            inferIdentifiers()
            storage = storage[head...].filter { !remove($0) }
        } else {
            storage = []
        }
        head = 0
        uninferred = storage.count
    }

    /// Dropped slots are freed once they are as many as the live ones: memory stays within twice the limit and
    /// each compaction's copy is paid for by the appends since the last one.
    private mutating func compactIfWorthwhile() {
        guard head * 2 >= storage.count else { return }
        storage.removeFirst(head)
        uninferred = max(0, uninferred - head)
        head = 0
    }
}
