import SandboxSupport

extension Sandbox {
    /// Runs every job due at or before `instant`, earliest first, without moving the clock.
    ///
    /// Jobs scheduled while running (a retry, the next scenario step) run too if they fall due in the window.
    func runTimeline(until instant: Timestamp) {
        timelineRunner.withTurn {
            while let entry = takeDueJob(notAfter: instant) {
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
        timelineRunner.withTurn {
            var ran = 0
            while let entry = takeDueJob(notAfter: target) {
                if entry.due > clock.now() { clock.set(entry.due) }
                execute(entry.job, at: entry.due)
                _ = dispatcher.waitUntilIdle(timeout: Self.callbackSettleTimeout)
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
        timelineRunner.withTurn { clock.set(instant) }
        return 0
    }

    /// Takes the earliest job due at or before `instant` off the timeline; a job on the ledger is carried out in
    /// the same operation, so a durable sandbox never logs a job as taken without what it did.
    ///
    /// No one waits for a job's answer, so it does not wait for its own record: a crash before that is on disk
    /// leaves the job on the timeline, to run again after the restart. A clock move that ran it answers after
    /// its own record, which comes later, is on disk.
    private func takeDueJob(notAfter instant: Timestamp) -> Timeline.Entry? {
        ledger.transact(waitingFor: .acknowledgedChanges) { ledger in
            guard let entry = ledger.timeline.popDue(notAfter: instant) else { return nil }
            if case .callbackAttempt = entry.job { return entry }
            ledger.execute(entry.job, at: entry.due)
            return entry
        }
    }

    /// Carries out one job taken by `takeDueJob`: callback attempts through the dispatcher (the ledger's jobs
    /// ran as they were taken).
    func execute(_ job: TimelineJob, at due: Timestamp) {
        if case .callbackAttempt(let accountId, let deliveryId) = job {
            dispatcher.attempt(accountId: accountId, deliveryId: deliveryId, at: due)
        }
    }

    /// How long a clock call waits for one job's callbacks (Dintero's 10 s timeout, plus a margin).
    static let callbackSettleTimeout = Duration.seconds(15)

    /// The background runner's turn: runs what is due now, then says how long to nap.
    func runDueJobsInBackground() -> Duration {
        runTimeline(until: clock.now())
        guard !clock.isFrozen, let next = ledger.read({ $0.timeline.nextDue }) else {
            return TimelineRunner.longestNap
        }
        return min(.milliseconds(max(next.milliseconds - clock.now().milliseconds, 0)), TimelineRunner.longestNap)
    }

    /// Starts the background work of a served sandbox: the timeline runner that fires scenario steps, callback
    /// attempts, invoice issuing and settlements when they fall due on a running clock (and callbacks due now
    /// on a frozen one). Calling it twice is harmless; the runner also starts by itself when a job is scheduled.
    ///
    /// In-process tests may skip it: clock calls (`POST /__sandbox/clock`) run due jobs themselves.
    public func start() {
        timelineRunner.wake()
    }

    /// Stops the background runner for good (clock calls still run due jobs) and, with `--data`, writes what is
    /// pending and lets go of the folder (another sandbox may open it; this one keeps nothing more). Idempotent;
    /// also done when the sandbox is released.
    public func shutdown() {
        timelineRunner.stop()
        ledger.log?.close()
        dataFolder?.release()
    }

    /// Blocks until every record handed to the packer so far is packed (`RecordPacker`): for measuring memory.
    package func waitUntilRecordsPacked() {
        RecordPacker.shared.waitUntilIdle()
    }

    /// Blocks until no callback attempt is queued or under way, or `timeout` has passed.
    /// - Returns: true when every attempt has finished and been recorded, false on timeout.
    package func waitForCallbacksInFlight(timeout: Duration) -> Bool {
        dispatcher.waitUntilIdle(timeout: timeout)
    }

    /// Runs everything due up to the sandbox's current time and waits for the callback attempts it started,
    /// again until nothing more falls due (a frozen clock's retries are due later, so this ends).
    /// - Returns: false when attempts were still under way after `timeout`.
    @discardableResult
    package func deliverDueCallbacks(timeout: Duration = .seconds(30)) -> Bool {
        let wall = ContinuousClock()
        let deadline = wall.now + timeout
        while true {
            let now = clock.now()
            runTimeline(until: now)
            guard dispatcher.waitUntilIdle(timeout: deadline - wall.now) else { return false }
            // Holding the timeline's turn, the background runner is not between taking a job and starting it:
            // nothing due and nothing in flight then really means done.
            let settled = timelineRunner.withTurn {
                dispatcher.inFlight == 0 && !ledger.read { $0.timeline.nextDue.map { $0 <= now } ?? false }
            }
            if settled { return true }
        }
    }
}

extension Ledger {
    /// Carries out a timeline job that acts on the ledger alone (not a callback attempt).
    mutating func execute(_ job: TimelineJob, at due: Timestamp) {
        switch job {
        case .callbackAttempt: break
        case .scenarioStep(let transactionId, let stepIndex):
            runScenarioStep(transactionId: transactionId, stepIndex: stepIndex, at: due)
        case .issueGroupedInvoice(let accountId, let number): issueGroupedInvoice(number, accountId: accountId, at: due)
        case .settle(let transactionId): settle(transactionId, at: due)
        case .settlementRun(let accountId): runSettlement(accountId: accountId, at: due)
        }
    }
}
