extension Sandbox {
    /// Starts the background work of a served sandbox: the timeline runner that fires scenario steps, callback
    /// attempts, invoice issuing and settlements when they fall due on a running clock. Calling it twice is harmless.
    ///
    /// In-process tests may skip it: clock calls (`POST /__sandbox/clock`) run due jobs themselves.
    public func start() {
        runner.withLock { runner in
            guard runner == nil else { return }
            let started = TimelineRunner { [weak self] in self?.runDueJobsAndMeasureWait() }
            started.start()
            runner = started
        }
    }

    /// Stops the background work started by `start()`, letting a job that is running finish. Idempotent.
    public func shutdown() {
        let stopping = runner.withLock { runner -> TimelineRunner? in
            defer { runner = nil }
            return runner
        }
        stopping?.stop()
    }

    func wakeTimelineRunner() {
        runner.withLock { $0 }?.wake()
    }

    /// One turn of the runner: run what is due, then how long (wall milliseconds) until the next job could be due;
    /// nil when the clock is frozen (only a clock call or new work can make anything due) or nothing is pending.
    private func runDueJobsAndMeasureWait() -> Int64? {
        runDueJobs()
        guard let next = nextDueJob else { return nil }
        let now = clock.now()
        if next <= now { return 0 }
        return clock.isFrozen ? nil : next.milliseconds - now.milliseconds
    }
}
