extension Sandbox {
    /// Settles a paid transaction to the merchant (its `.settle` job fell due).
    func settle(transactionId: String, at due: Timestamp) {
        withState { state in settleNow(transactionId, at: due, in: &state) }
    }

    /// Marks the transaction SETTLED with a SETTLEMENT event, unless a refund or failure got there first;
    /// called with the state locked.
    func settleNow(_ transactionId: String, at now: Timestamp, in state: inout SandboxState) {
        guard var transaction = state.transactions[transactionId],
            ["CAPTURED", "PARTIALLY_REFUNDED"].contains(transaction.status)
        else { return }
        var metadata: [String: JSONValue] = [:]
        if let number = transaction.invoiceNumber, let invoice = state.invoices[number] {
            metadata = invoice.paymentMetadata
            metadata["kravia:invoice_number"] = .string(number)
        }
        let event = TransactionEvent(
            id: ids.uuid(), event: "SETTLEMENT", transactionStatus: "SETTLED", success: true,
            amount: transaction.amount - transaction.refundedAmount, createdAt: now, requestId: ids.uuid(),
            metadata: metadata)
        transaction.events.append(event)
        transaction.status = "SETTLED"
        transaction.updatedAt = now
        state.transactions[transactionId] = transaction
        triggerCallback(
            .event(transactionId: transactionId, event: "SETTLEMENT", eventId: event.id), at: now, in: &state)
    }
}
