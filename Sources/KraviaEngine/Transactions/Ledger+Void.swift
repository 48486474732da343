import SandboxSupport

extension Ledger {
    /// `POST /v1/transactions/{id}/void`. Today's model: cancels a transaction the customer has not paid
    /// anything of (AUTHORIZED, or ON_HOLD before Kravia decided): AUTHORIZATION_VOIDED with a VOID event, and
    /// the purchase leaves its invoice (withdrawn when nothing else is on it). The seeds' model has no void.
    mutating func void(_ id: String, accountId: String, at now: Timestamp, requestId: String) throws(APIError)
        -> Transaction
    {
        var transaction = try ownedTransaction(id, accountId: accountId)
        try Self.requireVoidable(transaction)
        var metadata: JSONObject = [:]
        if let number = transaction.invoiceNumber, var invoice = books[accountId]?.invoices[number] {
            // The purchase leaves the invoice as a full refund would take it off.
            metadata = InvoiceRefund.apply(transaction.amount, to: &invoice)
            books[accountId]?.invoices[number] = invoice
        }
        let event = TransactionEvent(
            id: ids.uuid(), event: .void, transactionStatus: .authorizationVoided, success: true,
            amount: transaction.amount, createdAt: now, requestId: requestId, metadata: metadata)
        transaction.events.append(event)
        transaction.status = .authorizationVoided
        transaction.updatedAt = now
        self[transaction: id] = transaction
        if let number = transaction.invoiceNumber { invoiceChanged(number, accountId: accountId, at: now) }
        triggerCallback(.event(transactionId: id, event: .void, eventId: event.id), at: now)
        return self[transaction: id] ?? transaction
    }

    static func requireVoidable(_ transaction: Transaction) throws(APIError) {
        guard !transaction.allows(.void) else { return }
        let id = transaction.id
        let status = transaction.status.rawValue
        switch (transaction.lifecycle, transaction.status) {
        case (.captured, _):
            throw APIError(
                status: 400, code: "OPERATION_NOT_SUPPORTED",
                message: "Kravia transactions are captured at registration and cannot be voided; cancel the invoice "
                    + "with a full refund (POST /v1/transactions/\(id)/refund). Transaction \(id) is \(status).",
                errors: [FieldError("transaction_id", "void is not supported for kravia")])
        case (.authorized, .partiallyCaptured), (.authorized, .captured):
            throw .conflict(
                "Transaction \(id) is \(status): the customer has paid \(transaction.capturedAmount) of "
                    + "\(transaction.amount), and a Kravia invoice can only be voided before any payment",
                code: "TRANSACTION_PAID")
        case (.authorized, .authorizationVoided):
            throw .conflict("Transaction \(id) is already voided", code: "TRANSACTION_VOIDED")
        default:
            throw APIError(
                status: 400, code: "INVALID_TRANSACTION_STATE",
                message: "Transaction \(id) is \(status); void is only available while AUTHORIZED or ON_HOLD",
                errors: [FieldError("transaction_id", "status is \(status)")])
        }
    }
}
