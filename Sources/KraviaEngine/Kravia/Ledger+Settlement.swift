import SandboxSupport

extension Ledger {
    /// Pays a paid transaction out to the merchant with a SETTLEMENT event (the seeds' model: it becomes SETTLED),
    /// unless a refund, a void or a failure got there first.
    mutating func settle(_ transactionId: String, at now: Timestamp) {
        guard var transaction = self[transaction: transactionId], transaction.allows(.settle), !transaction.isSettled
        else { return }
        let paidOut =
            transaction.lifecycle == .authorized
            ? transaction.capturedAmount : transaction.amount - transaction.refundedAmount
        let status = transaction.lifecycle.status(afterSettling: transaction.status)
        var metadata: JSONObject = [:]
        if let number = transaction.invoiceNumber, let invoice = books[transaction.accountId]?.invoices[number] {
            metadata = invoice.paymentMetadata
            metadata["kravia:invoice_number"] = .string(number)
        }
        let event = TransactionEvent(
            id: ids.uuid(), event: .settlement, transactionStatus: status, success: true, amount: paidOut,
            createdAt: now, requestId: ids.uuid(), metadata: metadata)
        transaction.events.append(event)
        transaction.status = status
        transaction.updatedAt = now
        self[transaction: transactionId] = transaction
        triggerCallback(.event(transactionId: transactionId, event: .settlement, eventId: event.id), at: now)
        queueForSettlement(transaction, at: now)
    }
}
