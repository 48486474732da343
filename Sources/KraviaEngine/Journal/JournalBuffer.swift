/// The entries held in memory, oldest first, at most `limit` of them: the oldest leave when a new one would
/// exceed it. Appending and dropping are O(1), so a full buffer costs no more per record than an empty one.
///
/// Entries are kept in chunks of a fixed size, so that growing never copies what is held: one array doubling as
/// it filled copied every entry under the journal's lock (a tenth of a second at a million entries, while every
/// request waited to be recorded), and dropping the oldest entries freed them a chunk at a time anyway.
///
/// Entries arrive as recorded, their ids not yet inferred; `inferIdentifiers()` completes the newer ones before
/// anything filters or shows them, so the request path never pays for reading bodies, and notes them in the index
/// by the ids found, so a filter naming one looks at its entries only.
struct JournalBuffer: Sendable {
    let limit: Int?
    /// Entries per chunk: 4,096, or the limit when it is smaller, so memory stays within twice the limit.
    private let chunkSize: Int
    /// Every chunk but the last is full.
    private var chunks: [[JournalEntry]] = []
    /// Position of the oldest live entry in the first chunk; the slots before it are dropped entries waiting for
    /// their chunk to go.
    private var head = 0
    /// How many entries left memory because of `limit`.
    private(set) var dropped = 0
    /// Position (counted from the first chunk's start) of the oldest entry whose ids are not inferred yet.
    private var uninferred = 0
    /// The inferred entries by the ids they name, at positions counted from `base`.
    private var index = JournalIndex()
    /// The index's position of the first chunk's first slot: it grows as chunks leave, so the index's positions
    /// never shift.
    private var base = 0
    /// The index holds no positions before this one.
    private var prunedBefore = 0

    init(limit: Int?) {
        self.limit = limit.map { max(1, $0) }
        chunkSize = min(4096, self.limit ?? 4096)
    }

    /// Entries in the chunks, dropped ones included.
    private var stored: Int {
        chunks.isEmpty ? 0 : (chunks.count - 1) * chunkSize + chunks[chunks.count - 1].count
    }

    var count: Int { stored - head }

    /// The live entries, oldest first (a copy).
    var entries: [JournalEntry] {
        var result: [JournalEntry] = []
        result.reserveCapacity(count)
        forEachLive {
            result.append($0.pointee)
            return true
        }
        return result
    }

    /// Calls `body` with each live entry where it stands, oldest first, until it returns false.
    private func forEachLive(_ body: (UnsafePointer<JournalEntry>) -> Bool) {
        for (index, chunk) in chunks.enumerated() {
            let more = chunk.withUnsafeBufferPointer { entries -> Bool in
                guard let first = entries.baseAddress else { return true }
                for offset in (index == 0 ? head : 0)..<entries.count where !body(first + offset) { return false }
                return true
            }
            if !more { return }
        }
    }

    /// The live entries that pass `filter`, oldest first, at most `limit`, once `inferIdentifiers()` has seen them
    /// all. Only those are copied (see `JournalFilter.matches(at:)`); when the filter names a transaction, session or
    /// merchant reference, only the entries the index holds under it are looked at.
    func entries(matching filter: JournalFilter, limit: Int?) -> [JournalEntry] {
        var result: [JournalEntry] = []
        if let positions = index.positions(for: filter) {
            for position in positions where position >= base + head {
                let relative = position - base
                let entry = chunks[relative / chunkSize].withUnsafeBufferPointer { entries in
                    let entry = entries.baseAddress! + relative % chunkSize
                    return filter.matches(at: entry) ? entry.pointee : nil
                }
                guard let entry else { continue }
                result.append(entry)
                if let limit, result.count >= limit { break }
            }
            return result
        }
        forEachLive { entry in
            if filter.matches(at: entry) { result.append(entry.pointee) }
            return limit.map { result.count < $0 } ?? true
        }
        return result
    }

    /// The newest live entries, newest first, at most `count` of them.
    func newest(_ count: Int) -> [JournalEntry] {
        var result: [JournalEntry] = []
        result.reserveCapacity(min(count, self.count))
        for (index, chunk) in chunks.enumerated().reversed() {
            for offset in ((index == 0 ? head : 0)..<chunk.count).reversed() {
                guard result.count < count else { return result }
                result.append(chunk[offset])
            }
        }
        return result
    }

    mutating func append(_ entry: consuming JournalEntry) {
        if chunks.isEmpty || chunks[chunks.count - 1].count == chunkSize {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(chunkSize)
        }
        chunks[chunks.count - 1].append(consume entry)
        if let limit, count > limit {
            head += 1
            dropped += 1
            if head == chunkSize {
                chunks.removeFirst()
                head = 0
                base += chunkSize
                uninferred = max(0, uninferred - chunkSize)
            }
        }
    }

    /// Infers the ids of the entries appended since the last call, oldest first, and notes them in the index;
    /// forgets the index's positions of entries that have left, once a chunk's worth has.
    mutating func inferIdentifiers() {
        let end = stored
        for position in max(head, uninferred)..<end {
            chunks[position / chunkSize][position % chunkSize].record.inferIdentifiers()
            index.add(chunks[position / chunkSize][position % chunkSize].record, at: base + position)
        }
        uninferred = end
        if base + head - prunedBefore >= chunkSize {
            prunedBefore = base + head
            index.prune(before: prunedBefore)
        }
    }

    /// Forgets the entries `remove` selects (all of them when nil); the dropped count stays.
    mutating func removeAll(where remove: ((JournalEntry) -> Bool)? = nil) {
        var kept: [JournalEntry] = []
        if let remove {
            inferIdentifiers()
            forEachLive { entry in
                if !remove(entry.pointee) { kept.append(entry.pointee) }
                return true
            }
        }
        chunks = []
        head = 0
        uninferred = 0
        index = JournalIndex()
        base = 0
        prunedBefore = 0
        for entry in kept { append(entry) }
        inferIdentifiers()
    }
}
