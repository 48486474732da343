extension Sandbox {
    /// Records a customer payment on an invoice; called with the state locked, after the caller checked that the
    /// invoice is issued and `amount` is at most what is due.
    func recordPayment(_ amount: Int, toInvoice number: String, at now: Timestamp, in state: inout SandboxState) {
        guard var invoice = state.invoices[number] else { return }
        invoice.payments.append(InvoicePayment(amount: amount, paidAt: now))
        state.invoices[number] = invoice
        for id in invoice.transactionIds { state.transactions[id]?.updatedAt = now }
        invoiceChanged(number, at: now, in: &state)
    }

    /// Brings the invoice's transactions up to date after a payment or refund: their `kravia:amount_paid` and
    /// `kravia:amount_due`, and their settlement once nothing is left to pay.
    func invoiceChanged(_ number: String, at now: Timestamp, in state: inout SandboxState) {
        guard var invoice = state.invoices[number] else { return }
        for id in invoice.transactionIds {
            state.transactions[id]?.metadata.merge(invoice.paymentMetadata) { _, new in new }
        }
        guard invoice.isPaidInFull, !invoice.isSettlementScheduled else { return }
        invoice.isSettlementScheduled = true
        state.invoices[number] = invoice
        for id in invoice.transactionIds {
            let scenarioDelay = state.transactions[id].flatMap { scenario(named: $0.scenario)?.settlementDelay }
            let delay = scenarioDelay ?? configuration.settlementDelay
            state.timeline.schedule(.settle(transactionId: id), at: delay.added(to: now))
        }
    }
}

extension Invoice {
    /// Paid in full: money came in and nothing is left to pay (refunds may have reduced what was asked for).
    var isPaidInFull: Bool { !withdrawn && paid > 0 && due == 0 }

    /// What the transactions on this invoice show of it (for a grouped invoice, the invoice's totals).
    var paymentMetadata: [String: JSONValue] {
        ["kravia:amount_paid": JSONValue(paid), "kravia:amount_due": JSONValue(due)]
    }
}
