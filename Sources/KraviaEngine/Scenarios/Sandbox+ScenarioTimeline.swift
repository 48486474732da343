extension Sandbox {
    /// Puts the first step of the scenario's timeline on the sandbox timeline; called with the state locked.
    ///
    /// Steps are scheduled one at a time, each when the one before has run, because a step's time may depend
    /// on what the previous one did (a release registers the invoice whose due date a payment counts from).
    func scheduleScenario(_ plan: Scenario, for transactionId: String, at now: Timestamp, in state: inout SandboxState)
    {
        scheduleStep(0, of: plan, for: transactionId, notBefore: now, in: &state)
    }

    private func scheduleStep(
        _ index: Int, of scenario: Scenario, for transactionId: String, notBefore earliest: Timestamp,
        in state: inout SandboxState
    ) {
        guard index < scenario.timeline.count, let transaction = state.transactions[transactionId] else { return }
        let step = scenario.timeline[index]
        let invoice = transaction.invoiceNumber.flatMap { state.invoices[$0] }
        let anchor: Timestamp =
            switch step.from {
            case .purchase: transaction.createdAt
            case .invoiceDate: invoice?.issueDate.startOfDay ?? transaction.createdAt
            case .dueDate: invoice?.dueDate.startOfDay ?? transaction.createdAt
            }
        state.timeline.schedule(
            .scenarioStep(transactionId: transactionId, stepIndex: index),
            at: max(step.after.added(to: anchor), earliest))
    }

    /// Runs one step of a transaction's scenario timeline, then schedules the next.
    func runScenarioStep(transactionId: String, stepIndex: Int, at due: Timestamp) {
        withState { state in
            guard let transaction = state.transactions[transactionId],
                let scenario = scenario(named: transaction.scenario),
                scenario.timeline.indices.contains(stepIndex)
            else { return }
            let goesOn: Bool
            switch scenario.timeline[stepIndex].action {
            case .release(let outcome):
                goesOn = release(transactionId, to: outcome, at: due, in: &state)
            case .payAmount(let amount):
                goesOn = customerPays(amount, for: transactionId, step: stepIndex, of: scenario, at: due, in: &state)
            case .payPercent:
                let amount = Self.percentShare(of: transaction.amount, step: stepIndex, of: scenario)
                goesOn = customerPays(amount, for: transactionId, step: stepIndex, of: scenario, at: due, in: &state)
            case .settle:
                settleNow(transactionId, at: due, in: &state)
                goesOn = true
            }
            if goesOn { scheduleStep(stepIndex + 1, of: scenario, for: transactionId, notBefore: due, in: &state) }
        }
    }

    /// Takes an ON_HOLD transaction out of hold; false when the timeline ends here (FAILED).
    private func release(
        _ transactionId: String, to outcome: Scenario.Registration, at now: Timestamp, in state: inout SandboxState
    ) -> Bool {
        guard var transaction = state.transactions[transactionId], transaction.status == "ON_HOLD" else { return false }
        let requestId = ids.uuid()
        switch outcome {
        case .failed(let code, let message):
            fail(&transaction, code: code, message: message, at: now, requestId: requestId)
            state.transactions[transactionId] = transaction
            triggerCallback(.transactionReleased(transactionId: transactionId), at: now, in: &state)
            return false
        case .captured, .onHold:
            guard let session = state.sessions[transaction.sessionId] else { return false }
            registerInvoice(&transaction, session: session, at: now, requestId: requestId, in: &state)
            state.transactions[transactionId] = transaction
            triggerCallback(.transactionReleased(transactionId: transactionId), at: now, in: &state)
            if let capture = transaction.events.last(where: { $0.event == "CAPTURE" && $0.success }) {
                triggerCallback(
                    .event(transactionId: transactionId, event: "CAPTURE", eventId: capture.id), at: now, in: &state)
            }
            return true
        }
    }

    /// The customer pays towards the transaction's invoice; a grouped invoice not yet issued makes the step wait
    /// for its issue date. Never pays more than is due, and nothing once the invoice is paid or withdrawn.
    private func customerPays(
        _ amount: Int, for transactionId: String, step: Int, of scenario: Scenario, at now: Timestamp,
        in state: inout SandboxState
    ) -> Bool {
        guard let number = state.transactions[transactionId]?.invoiceNumber, let invoice = state.invoices[number] else {
            return false
        }
        if !invoice.isIssued {
            state.timeline.schedule(
                .scenarioStep(transactionId: transactionId, stepIndex: step), at: max(invoice.issueDate.startOfDay, now)
            )
            return false
        }
        let payment = min(amount, invoice.due)
        if payment > 0 { recordPayment(payment, toInvoice: number, at: now, in: &state) }
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
