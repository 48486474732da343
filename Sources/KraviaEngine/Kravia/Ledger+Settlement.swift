import SandboxSupport

extension Ledger {
    /// Marks a paid transaction SETTLED with a SETTLEMENT event, unless a refund or failure got there first.
    mutating func settle(_ transactionId: String, at now: Timestamp) {
        guard var transaction = self[transaction: transactionId], transaction.status.allows(.settle) else { return }
        var metadata: [String: JSONValue] = [:]
        if let number = transaction.invoiceNumber, let invoice = books[transaction.accountId]?.invoices[number] {
            metadata = invoice.paymentMetadata
            metadata["kravia:invoice_number"] = .string(number)
        }
        let event = TransactionEvent(
            id: ids.uuid(), event: .settlement, transactionStatus: .settled, success: true,
            amount: transaction.amount - transaction.refundedAmount, createdAt: now, requestId: ids.uuid(),
            metadata: metadata)
        transaction.events.append(event)
        transaction.status = .settled
        transaction.updatedAt = now
        self[transaction: transactionId] = transaction
        triggerCallback(.event(transactionId: transactionId, event: .settlement, eventId: event.id), at: now)
    }
}
