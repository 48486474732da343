import Synchronization

extension Sandbox {
    /// Runs every job due at or before `instant`, earliest first, each with the clock at its own due time.
    ///
    /// Jobs scheduled while running (a retry, the next scenario step) run too if they fall due in the window.
    func runTimeline(until instant: Timestamp) {
        timelineTurn.withLock { _ in
            while let entry = withState({ $0.timeline.popDue(notAfter: instant) }) {
                execute(entry.job, at: entry.due)
            }
        }
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
}
