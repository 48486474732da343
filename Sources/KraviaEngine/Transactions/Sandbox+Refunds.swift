extension Sandbox {
    /// `POST /v1/transactions/{id}/refund`: partial or full, per the seeds' rules (SPEC §4.5).
    func refundTransaction(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let id = context.parameter("transaction_id")
        let body = try context.jsonObject()
        var validation = Validation()
        let amount = validation.integer(body, "amount", at: "", in: 1...OrderValidation.maximumAmount)
        let reason = validation.string(body, "reason", at: "", required: false)
        let reference = validation.string(body, "refund_reference", at: "", required: false)
        if let items = body["items"], !items.isNull, items.arrayValue == nil {
            validation.fail("items", "expected an array, got \(items.typeName)")
        }
        try validation.check()
        let transaction = try withState { state throws -> Transaction in
            var transaction = try Self.ownedTransaction(id, accountId: accountId, in: state)
            try Self.requireRefundable(transaction)
            let remaining = transaction.amount - transaction.refundedAmount
            guard let amount, amount <= remaining else {
                throw APIError.invalid(
                    "amount", "refund of \(amount ?? 0) exceeds the remaining \(remaining) of \(transaction.amount)")
            }
            let isFull = amount == remaining
            var metadata: [String: JSONValue] = [:]
            if let number = transaction.invoiceNumber, var invoice = state.invoices[number] {
                metadata = InvoiceRefund.apply(amount, to: &invoice)
                state.invoices[number] = invoice
            }
            let status = isFull ? "REFUNDED" : "PARTIALLY_REFUNDED"
            let event = TransactionEvent(
                id: ids.uuid(), event: "REFUND", transactionStatus: status, success: true, amount: amount,
                createdAt: context.now, requestId: context.requestId, metadata: metadata, reason: reason)
            var eventJSON = event
            if let reference { eventJSON.metadata["event_reference"] = .string(reference) }
            transaction.events.append(eventJSON)
            transaction.status = status
            transaction.updatedAt = context.now
            state.transactions[id] = transaction
            // Payments and refunds meet on the invoice: what is due changes, and it may now be paid in full.
            // Before the callback, so its body shows the invoice as the refund left it.
            if let number = transaction.invoiceNumber { invoiceChanged(number, at: context.now, in: &state) }
            triggerCallback(.event(transactionId: id, event: "REFUND", eventId: event.id), at: context.now, in: &state)
            return state.transactions[id] ?? transaction
        }
        return .json(transaction.json)
    }

    static func requireRefundable(_ transaction: Transaction) throws(APIError) {
        switch transaction.status {
        case "CAPTURED", "PARTIALLY_REFUNDED":
            return
        case "SETTLED":
            throw .conflict(
                "Transaction \(transaction.id) is SETTLED: the invoice was paid and settled to the merchant, "
                    + "refunds are not available", code: "TRANSACTION_SETTLED")
        case "REFUNDED":
            throw .invalid("amount", "transaction \(transaction.id) is already fully refunded; nothing remains")
        default:
            throw APIError(
                status: 400, code: "INVALID_TRANSACTION_STATE",
                message: "Transaction \(transaction.id) is \(transaction.status); refunds are only available "
                    + "while CAPTURED or PARTIALLY_REFUNDED",
                errors: [FieldError("transaction_id", "status is \(transaction.status)")])
        }
    }
}
