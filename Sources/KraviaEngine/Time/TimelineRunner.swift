import Foundation
import SandboxHTTP
import SandboxSupport
import Synchronization

/// Runs the timeline in the background while the clock is running, so callbacks, retries and scenario steps
/// happen on time without anyone calling in; and owns the timeline's *turn*, so only one thread carries out
/// jobs at a time, whether the runner or a clock call.
///
/// One thread per sandbox, started by the first wake-up after `attach`; it sleeps on a condition until the next
/// job is due or it is woken (a job was scheduled, the clock moved), and ends with `stop()`. With a frozen
/// clock it runs what is already due (a callback due now is still sent at once) and waits for a wake-up;
/// later jobs run when the clock is moved, by the code that moves it, step by step.
///
/// Lock order: the turn is taken before the ledger's lock, never while holding it; the condition below is a
/// leaf (nothing is called with it held).
final class TimelineRunner: @unchecked Sendable {
    /// The longest nap between two looks at the timeline: a safety net for jobs scheduled or clock moves made
    /// without a wake-up.
    static let longestNap = Duration.seconds(1)

    /// Held while jobs are taken off the timeline and carried out, so a job is never between "taken" and
    /// "started" when someone else looks.
    private let turn = Mutex(())

    // Guards everything below; the runner thread sleeps on it.
    private let condition = NSCondition()
    private var wakeups = 0
    private var started = false
    private var stopped = false
    /// Runs what is due and says how long to nap; nil when its owner is gone.
    private var work: (@Sendable () -> Duration?)?

    /// Gives the runner its work: called once by the sandbox, holding itself weakly.
    func attach(_ work: @escaping @Sendable () -> Duration?) {
        condition.lock()
        self.work = work
        condition.unlock()
    }

    /// Runs `body` holding the timeline's turn.
    func withTurn<T>(_ body: () throws -> T) rethrows -> T {
        try turn.withLock { _ in try body() }
    }

    /// Wakes the runner to look at the timeline again, starting its thread on first use, so a sandbox that
    /// never schedules anything never owns a thread.
    func wake() {
        condition.lock()
        defer { condition.unlock() }
        wakeups += 1
        condition.signal()
        guard !started, !stopped, let work else { return }
        started = true
        let thread = Thread(named: "kravia-timeline") { [self] in run(work) }
        thread.start()
    }

    /// Ends the thread for good (clock calls still run due jobs).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run(_ work: @Sendable () -> Duration?) {
        while true {
            condition.lock()
            let seen = wakeups
            let isStopped = stopped
            condition.unlock()
            guard !isStopped, let nap = work() else { return }
            let deadline = nap.deadlineFromNow
            condition.lock()
            while wakeups == seen, !stopped {
                if !condition.wait(until: deadline) { break }
            }
            condition.unlock()
        }
    }
}
