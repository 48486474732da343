import Foundation

/// Runs the timeline in the background while the clock is running, so callbacks, retries and scenario steps
/// happen on time without anyone calling in.
///
/// One thread per sandbox, started the first time a job is scheduled; it sleeps on a condition until the next
/// job is due or it is woken (a job was scheduled, the clock moved), and ends with its sandbox. With a frozen
/// clock it runs what is already due (a callback due now is still sent at once) and waits for a wake-up;
/// later jobs run when the clock is moved, by the code that moves it, step by step.
final class TimelineRunner: @unchecked Sendable {
    /// The longest nap between two looks at the timeline: a safety net for jobs scheduled or clock moves made
    /// without a wake-up.
    static let longestNapMilliseconds: Int64 = 1000

    // Guards everything below; the runner thread sleeps on it.
    private let condition = NSCondition()
    private var wakeups = 0
    private var started = false
    private var stopped = false

    /// Wakes the runner to look at the timeline again, starting its thread for `sandbox` when there is none yet.
    /// - Parameter sandbox: the owner, held weakly; nil wakes a running thread without starting one.
    func wake(startingFor sandbox: Sandbox?) {
        condition.lock()
        defer { condition.unlock() }
        wakeups += 1
        condition.signal()
        guard !started, !stopped, let sandbox else { return }
        // Started on first use, so a sandbox that never schedules anything never owns a thread.
        started = true
        let thread = Thread { [weak sandbox, self] in
            run { sandbox }
        }
        thread.name = "kravia-timeline"
        thread.start()
    }

    /// Ends the thread (the sandbox is going away).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run(_ owner: () -> Sandbox?) {
        while true {
            condition.lock()
            let seen = wakeups
            let isStopped = stopped
            condition.unlock()
            // The sandbox is only held while running jobs, so it can go away while the runner sleeps.
            guard !isStopped, let nap = owner()?.runDueJobsInBackground() else { return }
            let deadline = Date(timeIntervalSinceNow: Double(nap) / 1000)
            condition.lock()
            while wakeups == seen, !stopped {
                if !condition.wait(until: deadline) { break }
            }
            condition.unlock()
        }
    }
}

extension Sandbox {
    /// Lets the background runner know the timeline changed; starts it when the clock runs. Call after
    /// scheduling a job that should happen without anyone calling in.
    package func wakeTimelineRunner() {
        timelineRunner.wake(startingFor: self)
    }

    /// Runs what is due now, then says how long to sleep, in wall milliseconds.
    fileprivate func runDueJobsInBackground() -> Int64 {
        runTimeline(until: clock.now())
        guard !clock.isFrozen else { return TimelineRunner.longestNapMilliseconds }
        guard let next = withState({ $0.timeline.nextDue }) else { return TimelineRunner.longestNapMilliseconds }
        return min(max(next.milliseconds - clock.now().milliseconds, 0), TimelineRunner.longestNapMilliseconds)
    }
}
