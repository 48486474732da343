import SandboxSupport

extension Ledger {
    /// Puts the first step of the scenario's timeline on the sandbox timeline.
    ///
    /// Steps are scheduled one at a time, each when the one before has run, because a step's time may depend
    /// on what the previous one did (a release registers the invoice whose due date a payment counts from).
    mutating func scheduleScenario(_ plan: Scenario, for transactionId: String, at now: Timestamp) {
        scheduleStep(0, of: plan, for: transactionId, notBefore: now)
    }

    private mutating func scheduleStep(
        _ index: Int, of scenario: Scenario, for transactionId: String, notBefore earliest: Timestamp
    ) {
        guard index < scenario.timeline.count, let transaction = self[transaction: transactionId] else { return }
        let step = scenario.timeline[index]
        let invoice = transaction.invoiceNumber.flatMap { books[transaction.accountId]?.invoices[$0] }
        let anchor: Timestamp =
            switch step.from {
            case .purchase: transaction.createdAt
            case .invoiceDate: invoice?.issueDate.startOfDay ?? transaction.createdAt
            case .dueDate: invoice?.dueDate.startOfDay ?? transaction.createdAt
            }
        timeline.schedule(
            .scenarioStep(transactionId: transactionId, stepIndex: index),
            at: max(step.after.added(to: anchor), earliest))
        require(.wakeTimeline)
    }

    /// Runs one step of a transaction's scenario timeline, then schedules the next.
    mutating func runScenarioStep(transactionId: String, stepIndex: Int, at due: Timestamp) {
        guard let transaction = self[transaction: transactionId],
            let scenario = environment.scenario(named: transaction.scenario),
            scenario.timeline.indices.contains(stepIndex)
        else { return }
        let goesOn: Bool
        switch scenario.timeline[stepIndex].action {
        case .release(let outcome):
            goesOn = release(transactionId, to: outcome, at: due)
        case .payAmount(let amount):
            goesOn = customerPays(amount, for: transaction, step: stepIndex, of: scenario, at: due)
        case .payPercent:
            let amount = Self.percentShare(of: transaction.amount, step: stepIndex, of: scenario)
            goesOn = customerPays(amount, for: transaction, step: stepIndex, of: scenario, at: due)
        case .settle:
            settle(transactionId, at: due)
            goesOn = true
        }
        if goesOn { scheduleStep(stepIndex + 1, of: scenario, for: transactionId, notBefore: due) }
    }

    /// Takes an ON_HOLD transaction out of hold (a scenario step, or `POST /__sandbox/transactions/{id}/release`);
    /// false when the timeline ends here (FAILED, or nothing on hold).
    mutating func release(_ transactionId: String, to outcome: Scenario.Registration, at now: Timestamp)
        -> Bool
    {
        guard var transaction = self[transaction: transactionId], transaction.allows(.release) else {
            return false
        }
        let requestId = ids.uuid()
        switch outcome {
        case .failed(let code, let message):
            fail(&transaction, code: code, message: message, at: now, requestId: requestId)
            self[transaction: transactionId] = transaction
            triggerCallback(.transactionReleased(transactionId: transactionId), at: now)
            return false
        case .captured, .onHold:
            guard let session = self[session: transaction.sessionId] else { return false }
            let known = transaction.events.count
            registerInvoice(&transaction, session: session, at: now, requestId: requestId)
            self[transaction: transactionId] = transaction
            triggerCallback(.transactionReleased(transactionId: transactionId), at: now)
            reportEvents(of: transaction, from: known, at: now)
            return true
        }
    }

    /// The customer pays towards the transaction's invoice; a grouped invoice not yet issued makes the step wait
    /// for its issue date. Never pays more than is due, and nothing once the invoice is paid or withdrawn.
    private mutating func customerPays(
        _ amount: Int, for transaction: Transaction, step: Int, of scenario: Scenario, at now: Timestamp
    ) -> Bool {
        let accountId = transaction.accountId
        guard let number = transaction.invoiceNumber, let invoice = books[accountId]?.invoices[number] else {
            return false
        }
        if !invoice.isIssued {
            timeline.schedule(
                .scenarioStep(transactionId: transaction.id, stepIndex: step),
                at: max(invoice.issueDate.startOfDay, now))
            require(.wakeTimeline)
            return false
        }
        // Today's model without the merchant's capture: nothing is ever collected, so the customer pays nothing.
        guard isCollecting(invoice) else { return true }
        let payment = min(amount, invoice.due)
        if payment > 0 { recordPayment(payment, toInvoice: number, accountId: accountId, at: now) }
        return true
    }

    /// A `percent` step's amount: the difference of the rounded-down running totals, so 50/30/20 % of any amount
    /// adds up to exactly the whole.
    static func percentShare(of amount: Int, step: Int, of scenario: Scenario) -> Int {
        var before = 0.0
        var share = 0.0
        for (index, element) in scenario.timeline.enumerated() where index <= step {
            guard case .payPercent(let percent) = element.action else { continue }
            if index < step { before += percent } else { share = percent }
        }
        let total = Double(amount)
        let upTo = min(before + share, 100)
        return Int((total * upTo / 100).rounded(.down)) - Int((total * before / 100).rounded(.down))
    }
}
