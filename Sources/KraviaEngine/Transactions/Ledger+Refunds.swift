import SandboxSupport

extension Ledger {
    /// What a merchant asked to refund.
    struct RefundRequest {
        var transactionId: String
        var accountId: String
        var amount: Int
        var reason: String?
        var reference: String?
    }

    /// Refunds part or all of a transaction (SPEC §4.5): the invoice is credited (withdrawn when nothing remains),
    /// a REFUND event is added and the `report_event` callback queued.
    mutating func refund(_ request: RefundRequest, at now: Timestamp, requestId: String) throws(APIError)
        -> Transaction
    {
        let id = request.transactionId
        var transaction = try ownedTransaction(id, accountId: request.accountId)
        try Self.requireRefundable(transaction)
        let remaining = transaction.amount - transaction.refundedAmount
        guard request.amount <= remaining else {
            throw APIError.invalid(
                "amount", "refund of \(request.amount) exceeds the remaining \(remaining) of \(transaction.amount)")
        }
        let status: TransactionStatus = request.amount == remaining ? .refunded : .partiallyRefunded
        var metadata: JSONObject = [:]
        if let number = transaction.invoiceNumber, var invoice = books[request.accountId]?.invoices[number] {
            metadata = InvoiceRefund.apply(request.amount, to: &invoice)
            books[request.accountId]?.invoices[number] = invoice
        }
        var event = TransactionEvent(
            id: ids.uuid(), event: .refund, transactionStatus: status, success: true, amount: request.amount,
            createdAt: now, requestId: requestId, metadata: metadata, reason: request.reason)
        event.eventReference = request.reference
        transaction.events.append(event)
        transaction.status = status
        transaction.updatedAt = now
        self[transaction: id] = transaction
        // Payments and refunds meet on the invoice: what is due changes, and it may now be paid in full.
        // Before the callback, so its body shows the invoice as the refund left it.
        if let number = transaction.invoiceNumber { invoiceChanged(number, accountId: request.accountId, at: now) }
        triggerCallback(.event(transactionId: id, event: .refund, eventId: event.id), at: now)
        return self[transaction: id] ?? transaction
    }

    static func requireRefundable(_ transaction: Transaction) throws(APIError) {
        guard !transaction.allows(.refund) else { return }
        if transaction.lifecycle == .authorized {
            throw APIError(
                status: 400, code: "OPERATION_NOT_SUPPORTED",
                message: "Refunds are not supported for Kravia transactions. Transaction \(transaction.id) is "
                    + "\(transaction.status.rawValue); before the customer pays, cancel the invoice with "
                    + "POST /v1/transactions/\(transaction.id)/void",
                errors: [FieldError("transaction_id", "refund is not supported for kravia")])
        }
        switch transaction.status {
        case .settled:
            throw .conflict(
                "Transaction \(transaction.id) is SETTLED: the invoice was paid and settled to the merchant, "
                    + "refunds are not available", code: "TRANSACTION_SETTLED")
        case .refunded:
            throw .invalid("amount", "transaction \(transaction.id) is already fully refunded; nothing remains")
        default:
            let refundable = TransactionStatus.allCases.filter { transaction.lifecycle.allows(.refund, in: $0) }
                .map(\.rawValue)
            throw APIError(
                status: 400, code: "INVALID_TRANSACTION_STATE",
                message: "Transaction \(transaction.id) is \(transaction.status.rawValue); refunds are only available "
                    + "while \(refundable.joined(separator: " or "))",
                errors: [FieldError("transaction_id", "status is \(transaction.status.rawValue)")])
        }
    }
}
