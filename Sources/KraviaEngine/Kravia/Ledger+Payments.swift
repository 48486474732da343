import SandboxSupport

extension Ledger {
    /// The customer pays `amount` towards invoice `number` (`POST /__sandbox/invoices/{number}/payments`).
    /// - Throws: 404 for an unknown invoice, 409 when it is withdrawn or not issued yet, 400 for more than is due.
    mutating func payInvoice(_ number: String, amount: Int, at now: Timestamp) throws(APIError) -> Invoice {
        guard let accountId = accountId(ofInvoice: number), let invoice = books[accountId]?.invoices[number] else {
            throw APIError.notFound("Invoice \(number) not found")
        }
        if invoice.withdrawn {
            throw APIError.conflict(
                "Invoice \(number) was withdrawn from collection by a full refund", code: "INVOICE_WITHDRAWN")
        }
        if !invoice.isIssued {
            throw APIError.conflict(
                "Invoice \(number) is not issued until \(invoice.issueDate); payments are accepted from then",
                code: "INVOICE_NOT_ISSUED")
        }
        if !isCollecting(invoice) {
            throw APIError.conflict(
                "Invoice \(number) is delivered by the merchant (invoice_channel: merchant) and collection has not "
                    + "started: the merchant starts it with POST /v1/transactions/{id}/capture",
                code: "COLLECTION_NOT_STARTED")
        }
        guard amount <= invoice.due else {
            throw APIError.invalid(
                "amount", "payment of \(amount) exceeds the \(invoice.due) still due on invoice \(number)")
        }
        recordPayment(amount, toInvoice: number, accountId: accountId, at: now)
        return books[accountId]?.invoices[number] ?? invoice
    }

    /// Records a customer payment on an invoice, after the caller checked that the invoice is issued, collecting
    /// and `amount` is at most what is due.
    ///
    /// Today's model captures what was paid: the payment is spread over the invoice's purchases oldest first
    /// (a grouped invoice's), each getting a CAPTURE event for its share and becoming PARTIALLY_CAPTURED or
    /// CAPTURED. The seeds' model shows payments in the invoice's metadata only.
    mutating func recordPayment(_ amount: Int, toInvoice number: String, accountId: String, at now: Timestamp) {
        guard var invoice = books[accountId]?.invoices[number] else { return }
        invoice.payments.append(InvoicePayment(amount: amount, paidAt: now))
        books[accountId]?.invoices[number] = invoice
        var unallocated = amount
        let requestId = ids.uuid()
        for id in invoice.transactionIds {
            guard var transaction = books[accountId]?.transactions[id] else { continue }
            transaction.updatedAt = now
            if transaction.allows(.pay), transaction.isCollecting, transaction.lifecycle == .authorized {
                let share = min(unallocated, transaction.amount - transaction.capturedAmount)
                if share > 0 {
                    unallocated -= share
                    let status = transaction.lifecycle.status(
                        afterPaying: transaction.capturedAmount + share, of: transaction.amount,
                        from: transaction.status)
                    transaction.status = status
                    transaction.events.append(
                        TransactionEvent(
                            id: ids.uuid(), event: .capture, transactionStatus: status, success: true, amount: share,
                            createdAt: now, requestId: requestId, metadata: ["kravia:invoice_number": .string(number)]))
                }
            }
            let known = books[accountId]?.transactions[id]?.events.count ?? 0
            books[accountId]?.transactions[id] = transaction
            reportEvents(of: transaction, from: known, at: now)
        }
        invoiceChanged(number, accountId: accountId, at: now)
    }

    /// Whether Kravia collects `invoice` now: always in the seeds' model; in today's, once its purchases'
    /// collection started (the merchant's capture for `invoice_channel: merchant`).
    func isCollecting(_ invoice: Invoice) -> Bool {
        invoice.transactionIds.allSatisfy { id in
            guard let transaction = books[invoice.accountId]?.transactions[id] else { return true }
            return !transaction.allows(.pay) || transaction.isCollecting
        }
    }

    /// Brings the invoice's transactions up to date after a payment or refund: their `kravia:amount_paid` and
    /// `kravia:amount_due`, and their settlement once nothing is left to pay.
    mutating func invoiceChanged(_ number: String, accountId: String, at now: Timestamp) {
        guard var invoice = books[accountId]?.invoices[number] else { return }
        for id in invoice.transactionIds {
            books[accountId]?.transactions[id]?.metadata.merge(invoice.paymentMetadata) { _, new in new }
        }
        guard invoice.isPaidInFull, !invoice.isSettlementScheduled else { return }
        invoice.isSettlementScheduled = true
        books[accountId]?.invoices[number] = invoice
        for id in invoice.transactionIds {
            let scenarioDelay = books[accountId]?.transactions[id].flatMap {
                environment.scenario(named: $0.scenario)?.settlementDelay
            }
            let due = scenarioDelay?.added(to: now) ?? now.adding(environment.settlementDelay)
            timeline.schedule(.settle(transactionId: id), at: due)
        }
        require(.wakeTimeline)
    }

    /// Issues a grouped invoice whose period has ended: from now on it takes payments, and the customer's next
    /// purchase starts a new invoice. Today's model: Kravia delivering it starts collection of its purchases.
    mutating func issueGroupedInvoice(_ number: String, accountId: String, at now: Timestamp) {
        guard var invoice = books[accountId]?.invoices[number], !invoice.isIssued,
            var book = books.take(accountId)  // changed in place, not copied
        else { return }
        invoice.isIssued = true
        book.invoices[number] = invoice
        if let key = invoice.groupKey, book.openGroupInvoices[key] == number { book.openGroupInvoices[key] = nil }
        books[accountId] = book
        let requestId = ids.uuid()
        for id in invoice.transactionIds {
            guard var transaction = books[accountId]?.transactions[id], transaction.invoiceChannel == "kravia",
                transaction.allows(.pay)
            else { continue }
            let known = transaction.events.count
            initiateCollection(&transaction, at: now, requestId: requestId)
            books[accountId]?.transactions[id] = transaction
            reportEvents(of: transaction, from: known, at: now)
        }
    }
}

extension Invoice {
    /// Paid in full: money came in and nothing is left to pay (refunds may have reduced what was asked for).
    var isPaidInFull: Bool { !withdrawn && paid > 0 && due == 0 }

    /// What the transactions on this invoice show of it (for a grouped invoice, the invoice's totals).
    var paymentMetadata: JSONObject {
        ["kravia:amount_paid": JSONValue(paid), "kravia:amount_due": JSONValue(due)]
    }
}
