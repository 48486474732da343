import SandboxHTTP
import Synchronization

/// The ledger behind its one lock: the only code that takes it, and the place effects run once it is released.
///
/// Lock order: this lock is never held while taking another owner's lock (the journal's, the token store's,
/// the callback lanes', the timeline runner's), and nothing it calls out to takes it again.
final class LedgerStore: Sendable {
    private let ledger: Locked<Ledger>
    private let runner: TimelineRunner
    /// Set once a transaction or a default uses a scenario with API faults; until then no request pays for
    /// looking faults up.
    private let faultsArmed = Atomic<Bool>(false)
    /// The write-ahead log of a durable sandbox (`--data`); nil keeps everything in memory only.
    let log: StateLog?
    /// The books' revision as the last `transact` left it, readable without the lock.
    private let booksRevision: Atomic<UInt64>

    init(_ ledger: Ledger, runner: TimelineRunner, log: StateLog? = nil) {
        var ledger = ledger
        if log != nil { ledger.startRecordingChanges() }
        self.booksRevision = Atomic(ledger.books.revision)
        self.ledger = Locked(ledger)
        self.runner = runner
        self.log = log
    }

    /// What a durable sandbox waits for before `transact` returns.
    enum LogWait {
        /// The change itself is on disk: what a request answers with.
        case change
        /// What requests acknowledged before the change is on disk, the change itself may still be on its way
        /// (written, synced by the next sync anyone waits for): for work no one waits for, which a crash may lose
        /// and redo — a due job taken off the timeline, a callback attempt's start and its outcome (delivered at
        /// least once, as Dintero promises), whose send must still never get ahead of the checkout it reports.
        case acknowledgedChanges
    }

    /// Runs `body` with the ledger locked, then what it asked for (`LedgerEffects`) with the lock released,
    /// also when `body` throws after changing something.
    ///
    /// In a durable sandbox what `body` changed is appended to the log under the lock (so the log's order is the
    /// ledger's), and this returns once it is on disk (`wait`); a call that changed nothing still waits for the
    /// acknowledged changes it may have read, so no answer shows what a request acknowledges only once on disk.
    func transact<T>(waitingFor wait: LogWait = .change, _ body: (inout Ledger) throws -> T) rethrows -> T {
        var effects = LedgerEffects()
        var logged: UInt64?
        defer {
            if let logged { log?.waitUntilDurable(logged) }
            perform(effects)
        }
        return try ledger.withLock { ledger in
            defer {
                effects = ledger.takeEffects()
                if let log {
                    let acknowledged = log.lastAwaited
                    if let record = ledger.takeRecord() {
                        let sequence = log.append(ledger: record, awaited: wait == .change)
                        logged = wait == .change ? sequence : acknowledged
                    } else {
                        logged = acknowledged
                    }
                }
                booksRevision.store(ledger.books.revision, ordering: .releasing)
            }
            return try body(&ledger)
        }
    }

    /// Reads the ledger without changing it (in a durable sandbox, once the acknowledged changes it read are on
    /// disk).
    func read<T>(_ body: (Ledger) throws -> T) rethrows -> T {
        let value = try ledger.withLock { try body($0) }
        if let log { log.waitUntilDurable(log.lastAwaited) }
        return value
    }

    /// Whether the books are still at `revision` (read from them under the lock): then what was read from them
    /// then still stands, and can be answered again without taking the lock. A change still being made counts
    /// once its `transact` ends, as its answer does.
    func booksUnchanged(since revision: UInt64) -> Bool {
        booksRevision.load(ordering: .acquiring) == revision
    }

    /// Appends a record of what changed outside the ledger (tokens, the clock) and waits until it is on disk;
    /// nothing without a log.
    func logOutsideChange(tokens: [AccessToken] = []) {
        guard let log else { return }
        log.waitUntilDurable(log.append(ledger: nil, tokens: tokens, awaited: true))
    }

    /// Runs `body` on the ledger with its lock held, for a snapshot's capture.
    func withLockedLedger<T>(_ body: (Ledger) -> T) -> T {
        ledger.withLock { body($0) }
    }

    /// Whether any scenario in use has API faults (requests skip fault lookups until one does).
    var hasArmedFaults: Bool { faultsArmed.load(ordering: .acquiring) }

    private func perform(_ effects: LedgerEffects) {
        if effects.contains(.armFaults) { faultsArmed.store(true, ordering: .releasing) }
        if effects.contains(.wakeTimeline) { runner.wake() }
    }
}
