import Synchronization

extension Sandbox {
    /// Runs every job due at or before `instant`, earliest first, without moving the clock.
    ///
    /// Jobs scheduled while running (a retry, the next scenario step) run too if they fall due in the window.
    func runTimeline(until instant: Timestamp) {
        timelineTurn.withLock { _ in
            while let entry = withState({ $0.timeline.popDue(notAfter: instant) }) {
                execute(entry.job, at: entry.due)
            }
        }
    }

    /// Moves sandbox time forward to `target`, running every job that falls due on the way, earliest first, each
    /// with the clock set to its own due time; returns how many ran.
    ///
    /// Jobs scheduled while running (a retry, the next scenario step) run too when they fall due before `target`.
    /// After each job, the callbacks it started are given time to finish (and schedule their retries), so the
    /// call returns with the world settled.
    @discardableResult
    func advanceClock(to target: Timestamp) -> Int {
        timelineTurn.withLock { _ in
            var ran = 0
            while let entry = withState({ $0.timeline.popDue(notAfter: target) }) {
                if entry.due > clock.now() { clock.set(entry.due) }
                execute(entry.job, at: entry.due)
                _ = waitForCallbacksInFlight(timeout: Self.callbackSettleTimeout)
                ran += 1
            }
            if clock.isFrozen || target > clock.now() { clock.set(target) }
            return ran
        }
    }

    /// Sets the clock to `instant`. Forwards it runs what falls due, like `advanceClock(to:)`; backwards nothing
    /// runs again (jobs that ran are gone from the timeline), and jobs still pending simply wait longer.
    @discardableResult
    func setClock(to instant: Timestamp) -> Int {
        if instant > clock.now() { return advanceClock(to: instant) }
        timelineTurn.withLock { _ in clock.set(instant) }
        return 0
    }

    /// The earliest pending job's due time.
    var nextDueJob: Timestamp? {
        withState { $0.timeline.nextDue }
    }

    /// Carries out one job.
    func execute(_ job: TimelineJob, at due: Timestamp) {
        switch job {
        case .callbackAttempt(let deliveryId): performCallbackAttempt(deliveryId: deliveryId, at: due)
        case .scenarioStep(let transactionId, let stepIndex):
            runScenarioStep(transactionId: transactionId, stepIndex: stepIndex, at: due)
        case .issueGroupedInvoice(let number): issueGroupedInvoice(number: number, at: due)
        case .settle(let transactionId): settle(transactionId: transactionId, at: due)
        }
    }

    /// How long a clock call waits for one job's callbacks (Dintero's 10 s timeout, plus a margin).
    static let callbackSettleTimeout = Duration.seconds(15)
}
