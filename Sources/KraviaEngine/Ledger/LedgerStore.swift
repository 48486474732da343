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

    init(_ ledger: Ledger, runner: TimelineRunner) {
        self.ledger = Locked(ledger)
        self.runner = runner
    }

    /// Runs `body` with the ledger locked, then what it asked for (`LedgerEffects`) with the lock released,
    /// also when `body` throws after changing something.
    func transact<T>(_ body: (inout Ledger) throws -> T) rethrows -> T {
        var effects = LedgerEffects()
        defer { perform(effects) }
        return try ledger.withLock { ledger in
            defer { effects = ledger.takeEffects() }
            return try body(&ledger)
        }
    }

    /// Reads the ledger without changing it.
    func read<T>(_ body: (Ledger) throws -> T) rethrows -> T {
        try ledger.withLock { try body($0) }
    }

    /// Whether any scenario in use has API faults (requests skip fault lookups until one does).
    var hasArmedFaults: Bool { faultsArmed.load(ordering: .acquiring) }

    private func perform(_ effects: LedgerEffects) {
        if effects.contains(.armFaults) { faultsArmed.store(true, ordering: .releasing) }
        if effects.contains(.wakeTimeline) { runner.wake() }
    }
}
