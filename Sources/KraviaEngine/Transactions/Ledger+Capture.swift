import SandboxSupport

extension Ledger {
    /// What a merchant asked to capture.
    struct CaptureRequest {
        var transactionId: String
        var accountId: String
        /// The amount given; Kravia collects whole invoices, so it must be the transaction's amount.
        var amount: Int?
    }

    /// `POST /v1/transactions/{id}/capture`. Today's model with `invoice_channel: merchant`: the merchant has
    /// delivered the invoice and starts Kravia's collection — an INITIATE_CAPTURE event on every purchase of the
    /// invoice; the state stays AUTHORIZED until the customer pays (docs.dintero.com/docs/checkout/kravia/
    /// invoice-delivery). Everywhere else a 400 or 409 says why there is nothing to capture.
    mutating func capture(_ request: CaptureRequest, at now: Timestamp, requestId: String) throws(APIError)
        -> Transaction
    {
        let transaction = try ownedTransaction(request.transactionId, accountId: request.accountId)
        try requireCapturable(transaction, amount: request.amount)
        let invoice = transaction.invoiceNumber.flatMap { books[request.accountId]?.invoices[$0] }
        for id in invoice?.transactionIds ?? [transaction.id] {
            guard var purchase = books[request.accountId]?.transactions[id], purchase.allows(.capture) else {
                continue
            }
            let known = purchase.events.count
            initiateCollection(&purchase, at: now, requestId: requestId)
            books[request.accountId]?.transactions[id] = purchase
            reportEvents(of: purchase, from: known, at: now)
        }
        return self[transaction: transaction.id] ?? transaction
    }

    private func requireCapturable(_ transaction: Transaction, amount: Int?) throws(APIError) {
        let id = transaction.id
        let status = transaction.status.rawValue
        if transaction.lifecycle == .captured {
            throw APIError(
                status: 400, code: "OPERATION_NOT_SUPPORTED",
                message: "Kravia transactions are captured automatically when the invoice is registered; there is "
                    + "nothing to capture. Transaction \(id) is \(status).",
                errors: [FieldError("transaction_id", "capture is not supported for kravia")])
        }
        let registered: Set<TransactionStatus> = [.authorized, .partiallyCaptured, .captured]
        if transaction.invoiceChannel != "merchant", registered.contains(transaction.status) {
            throw APIError(
                status: 400, code: "OPERATION_NOT_SUPPORTED",
                message: "Transaction \(id) has invoice_channel kravia: collection starts by itself when Kravia "
                    + "delivers the invoice; capture is for invoices the merchant delivers (invoice_channel: merchant)",
                errors: [FieldError("transaction_id", "invoice_channel is kravia")])
        }
        if transaction.isCollecting, transaction.status != .authorizationVoided, transaction.status != .failed {
            throw .conflict(
                "Collection of transaction \(id) has already started (INITIATE_CAPTURE); Kravia captures each "
                    + "payment as the customer pays", code: "CAPTURE_ALREADY_INITIATED")
        }
        switch transaction.status {
        case .authorized: break
        case .onHold:
            throw .conflict(
                "Transaction \(id) is ON_HOLD: Kravia has not registered the invoice yet", code: "TRANSACTION_ON_HOLD")
        default:
            throw APIError(
                status: 400, code: "INVALID_TRANSACTION_STATE",
                message: "Transaction \(id) is \(status); capture is only available while AUTHORIZED",
                errors: [FieldError("transaction_id", "status is \(status)")])
        }
        if let number = transaction.invoiceNumber, let invoice = books[transaction.accountId]?.invoices[number],
            !invoice.isIssued
        {
            throw .conflict(
                "Invoice \(number) of transaction \(id) is a grouped invoice issued on \(invoice.issueDate); start "
                    + "its collection once it is issued", code: "INVOICE_NOT_ISSUED")
        }
        if let amount, amount != transaction.amount {
            throw APIError.invalid(
                "amount", "Kravia collects the whole invoice: capture \(transaction.amount), got \(amount)")
        }
    }
}
