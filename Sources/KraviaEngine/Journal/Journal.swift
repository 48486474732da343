import SandboxHTTP
import SandboxSupport
import Synchronization

/// The record of every exchange: held in memory (bounded by `limit`), appended to an NDJSON file, logged, and
/// watched by waiters.
///
/// It has its own lock, apart from the sandbox state's, held only to append or copy out entries: recording
/// never waits for a reader's serialisation or for the disk.
final class Journal: Sendable {
    private struct Store: Sendable {
        var buffer: JournalBuffer
        var nextSeq = 1
        var waiters: [JournalWaiter] = []
        var closed = false
    }

    /// The outcome of an await.
    enum AwaitResult {
        case matched([JournalEntry])
        /// Fewer than `count` matched in time; `nearMisses` are the closest other entries with their reasons.
        case timedOut(matched: [JournalEntry], nearMisses: [(entry: JournalEntry, reasons: [String])])
        /// Not waited for: `maximumAwaits` awaits are waiting already.
        case refused(waiting: Int)
    }

    private let store: Locked<Store>
    let writer: JournalWriter?
    /// Why the configured file could not be opened, if it could not.
    let fileError: JournalFileError?

    /// Most awaits waiting at once (journal awaits and the dashboard's long polls together;
    /// `SandboxConfiguration.maximumJournalAwaits`). Each holds a server thread while it waits: by default half of the
    /// transport's 512 stay free for every other request, where without a bound 512 awaits held them all and the
    /// sandbox answered nothing else until they timed out.
    let maximumAwaits: Int

    /// `maximumAwaits` unless configured otherwise.
    static let defaultMaximumAwaits = 256

    init(limit: Int?, filePath: String?, log: LogFormat?, maximumAwaits: Int = defaultMaximumAwaits) {
        store = Locked(Store(buffer: JournalBuffer(limit: limit)))
        self.maximumAwaits = maximumAwaits
        if filePath == nil, log == nil {
            writer = nil
            fileError = nil
        } else {
            do throws(JournalFileError) {
                writer = try JournalWriter(filePath: filePath, log: log)
                fileError = nil
            } catch {
                writer = log == nil ? nil : try? JournalWriter(filePath: nil, log: log)
                fileError = error
            }
        }
    }

    deinit {
        writer?.close()
    }

    /// Appends a record, hands it to any waiter it satisfies, and queues it for the file and the log.
    ///
    /// The record is moved into the buffer, not copied (a copy retains each of its references, and releases them
    /// again); only the writer, when there is one, gets a copy of its own, made before the lock and numbered after
    /// it, so the lock is held only to number and keep the entry.
    func append(_ record: consuming ExchangeRecord) {
        // The writer's copy as a record, not an optional entry: copying the optional in and out cost 90 instructions.
        if let writer {
            let queued = copy record
            writer.enqueue(JournalEntry(seq: keep(record), record: queued), journaled: true)
        } else {
            keep(record)
        }
    }

    /// Numbers the record, hands it to any waiter it satisfies and keeps it; returns its sequence number.
    @discardableResult
    private func keep(_ record: consuming ExchangeRecord) -> Int {
        let (seq, woken) = store.withLock(moving: JournalEntry(seq: 0, record: record)) {
            (store: inout Store, entry: consuming JournalEntry) -> (Int, [JournalWaiter]) in
            entry.seq = store.nextSeq
            store.nextSeq += 1
            var woken: [JournalWaiter] = []
            if !store.waiters.isEmpty {
                entry.record.inferIdentifiers()
                for waiter in store.waiters where waiter.filter.matches(entry) {
                    waiter.matches.append(copy entry)
                    if waiter.isSatisfied { woken.append(waiter) }
                }
                if !woken.isEmpty { store.waiters.removeAll { $0.isSatisfied } }
            }
            let seq = entry.seq
            store.buffer.append(consume entry)
            return (seq, woken)
        }
        for waiter in woken { waiter.signal() }
        return seq
    }

    /// Logs a request without journaling it (reads of the journal itself).
    func logOnly(_ record: ExchangeRecord) {
        writer?.enqueue(JournalEntry(seq: 0, record: record), journaled: false)
    }

    /// The entries held that match, oldest first, at most `filter.limit`.
    func entries(matching filter: JournalFilter) -> [JournalEntry] {
        store.withLock { store in
            store.buffer.inferIdentifiers()
            return store.buffer.entries(matching: filter, limit: filter.limit)
        }
    }

    /// Every entry held, oldest first.
    func allEntries() -> [JournalEntry] {
        store.withLock { store in
            store.buffer.inferIdentifiers()
            return store.buffer.entries
        }
    }

    /// Waits until `count` entries match `filter` (entries already held count), at most `timeoutMilliseconds`.
    /// - Parameter explainingMisses: on a timeout, look for the closest other entries (a pass over the whole
    ///   journal); a caller that only wants to know whether something came (the dashboard's long poll) skips it.
    /// - Parameter client: the caller's client, looked at every `abandonCheckMilliseconds` while waiting: once it
    ///   has gone, the await nobody will read ends at once, without near misses.
    func await(
        _ filter: JournalFilter, count: Int, timeoutMilliseconds: Int, explainingMisses: Bool = true,
        client: ClientPresence? = nil
    ) -> AwaitResult {
        // Whether to wait is decided here, under the lock: once registered, `append` grows the waiter's matches
        // on other threads, so from then on only the semaphore and the lock may say how many there are.
        let registration = store.withLock { store -> AwaitRegistration in
            store.buffer.inferIdentifiers()
            let matches = store.buffer.entries(matching: filter, limit: count)
            let waiter = JournalWaiter(filter: filter, count: count, matches: matches)
            if waiter.isSatisfied { return .satisfied(waiter) }
            if store.closed { return .closed }
            if store.waiters.count >= maximumAwaits { return .full(store.waiters.count) }
            store.waiters.append(waiter)
            return .waiting(waiter)
        }
        let waiter: JournalWaiter
        var gaveUp = false
        switch registration {
        case .satisfied(let satisfied):
            waiter = satisfied
        case .waiting(let waiting):
            waiter = waiting
            gaveUp = !Self.wait(waiter, milliseconds: timeoutMilliseconds, client: client)
        case .closed:
            return explainingMisses ? timedOut(filter, matched: []) : .timedOut(matched: [], nearMisses: [])
        case .full(let waiting):
            return .refused(waiting: waiting)
        }
        // Whatever woke us (signal, timeout or close), the matches are read under the lock.
        let matches = store.withLock { store -> [JournalEntry] in
            store.waiters.removeAll { $0 === waiter }
            return waiter.matches
        }
        if matches.count >= count { return .matched(Array(matches.prefix(count))) }
        guard explainingMisses, !gaveUp else { return .timedOut(matched: matches, nearMisses: []) }
        return timedOut(filter, matched: matches)
    }

    /// How often a waiting await looks whether its client has gone.
    static let abandonCheckMilliseconds = 250

    /// Waits for the waiter's signal, at most `milliseconds`, looking at `client` between slices of
    /// `abandonCheckMilliseconds` (a client gone holds no thread, and no place among `maximumAwaits`, for the rest
    /// of its timeout).
    /// - Returns: false when it stopped because the client had gone.
    private static func wait(_ waiter: JournalWaiter, milliseconds: Int, client: ClientPresence?) -> Bool {
        guard let client else {
            _ = waiter.wait(timeoutMilliseconds: milliseconds)
            return true
        }
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        while true {
            let left = Int((deadline - ContinuousClock.now).milliseconds)
            guard left > 0 else { return true }
            if waiter.wait(timeoutMilliseconds: min(left, abandonCheckMilliseconds)) { return true }
            if client.hasGone { return false }
        }
    }

    private enum AwaitRegistration {
        /// Enough entries matched already.
        case satisfied(JournalWaiter)
        /// Registered: recordings grow its matches until it has enough or times out.
        case waiting(JournalWaiter)
        /// The journal is closed (the sandbox is stopping).
        case closed
        /// `maximumAwaits` are waiting already (how many).
        case full(Int)
    }

    /// The closest entries that did not match among the newest `nearMissWindow`: fewest failed criteria first,
    /// newest first among equals. Only the window is copied under the lock, and the reasons are worked out after
    /// it: explaining against the whole journal under the lock held every request's recording for as long as it
    /// took (seconds at tens of thousands of entries, many timed-out awaits at once stopped the server).
    private func timedOut(_ filter: JournalFilter, matched: [JournalEntry]) -> AwaitResult {
        let nearMissLimit = 5
        let recent = store.withLock { store in
            store.buffer.inferIdentifiers()
            return store.buffer.newest(Self.nearMissWindow)
        }
        let candidates = recent.compactMap { entry -> (entry: JournalEntry, reasons: [String])? in
            let reasons = filter.mismatches(entry)
            return reasons.isEmpty ? nil : (entry, reasons)
        }
        let closest = candidates.enumerated()
            .sorted { ($0.element.reasons.count, $0.offset) < ($1.element.reasons.count, $1.offset) }
            .prefix(nearMissLimit).map(\.element)
        return .timedOut(matched: matched, nearMisses: Array(closest))
    }

    /// How many of the newest entries a timed-out await looks through for near misses.
    static let nearMissWindow = 1000

    /// Forgets the entries held (all, or one account's); sequence numbers go on from where they were. The writer's
    /// memos are dropped too: what they hold would otherwise outlive the reset.
    func clear(account: String? = nil) {
        store.withLock { store in
            if let account {
                store.buffer.removeAll { $0.record.accountId == account }
            } else {
                store.buffer.removeAll()
            }
        }
        writer?.forgetMemos()
    }

    /// How many awaits are registered and waiting for entries now (not those satisfied at once), so a test can
    /// know an await is waiting before it records what should wake it.
    var waiterCount: Int {
        store.withLock { $0.waiters.count }
    }

    /// Entries held, entries dropped by the limit, the last sequence number given.
    var statistics: (entries: Int, dropped: Int, lastSeq: Int) {
        store.withLock { ($0.buffer.count, $0.buffer.dropped, $0.nextSeq - 1) }
    }

    /// Wakes every await (they answer with what they have) and refuses new waits; writes out the file and closes it.
    func close() {
        endAwaits()
        writer?.close()
    }

    /// Wakes every await and refuses new waits, while recording goes on: a stopping server calls it before it
    /// drains, so no waiting request (an await, a dashboard's long poll) holds the drain up.
    func endAwaits() {
        let waiters = store.withLock { store in
            store.closed = true
            defer { store.waiters = [] }
            return store.waiters
        }
        for waiter in waiters { waiter.signal() }
    }

    /// Blocks until the file holds every entry recorded so far (tests; returns at once without a writer).
    func waitUntilWritten() {
        guard let writer else { return }
        writer.waitUntilWritten(through: statistics.lastSeq)
    }
}
