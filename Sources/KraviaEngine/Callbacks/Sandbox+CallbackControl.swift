extension Sandbox {
    static var callbackRoutes: [Route] {
        [Route("GET", "/__sandbox/callbacks") { try $0.listCallbacks($1) }]
    }

    /// `GET /__sandbox/callbacks`: every delivery, oldest first, filtered by `transaction_id`, `session_id`,
    /// `state` (each repeatable) and `account`.
    func listCallbacks(_ context: RequestContext) throws -> EndpointResult {
        let items = context.request.queryItems
        let values = { (name: String) in items.filter { $0.name == name }.map(\.value) }
        let (transactionIds, sessionIds, states) = (values("transaction_id"), values("session_id"), values("state"))
        let account = context.query("account")
        var validation = Validation()
        for state in states where CallbackDelivery.State(rawValue: state) == nil {
            let allowed = CallbackDelivery.State.allCases.map(\.rawValue).joined(separator: ", ")
            validation.fail("state", "must be one of \(allowed), got \"\(state)\"")
        }
        try validation.check()
        let deliveries = withState { state in
            state.callbackDeliveries.ids.compactMap { state.callbackDeliveries[$0] }.filter { delivery in
                (transactionIds.isEmpty || delivery.transactionId.map(transactionIds.contains) == true)
                    && (sessionIds.isEmpty || sessionIds.contains(delivery.sessionId))
                    && (states.isEmpty || states.contains(delivery.state.rawValue))
                    && (account == nil || delivery.accountId == account)
            }
        }
        return .json(["deliveries": .array(deliveries.map(\.json))])
    }
}

extension Sandbox {
    /// Blocks until no callback attempt is queued or under way, or `timeout` has passed; the clock-advance
    /// path calls it between timeline steps so the retries that fall due while advancing run deterministically.
    /// - Returns: true when every attempt has finished and been recorded, false on timeout.
    package func waitForCallbacksInFlight(timeout: Duration) -> Bool {
        callbackLanes.waitUntilIdle(timeout: timeout)
    }

    /// Runs everything due up to the sandbox's current time and waits for the callback attempts it started,
    /// again until nothing more falls due (a frozen clock's retries are due later, so this ends).
    /// - Returns: false when attempts were still under way after `timeout`.
    @discardableResult
    package func deliverDueCallbacks(timeout: Duration = .seconds(30)) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let now = self.clock.now()
            runTimeline(until: now)
            guard waitForCallbacksInFlight(timeout: deadline - clock.now) else { return false }
            // Holding the timeline's turn, the background runner is not between taking a job and starting it:
            // nothing due and nothing in flight then really means done.
            let settled = timelineTurn.withLock { _ in
                callbackLanes.count == 0 && !withState { $0.timeline.nextDue.map { $0 <= now } ?? false }
            }
            if settled { return true }
        }
    }
}
