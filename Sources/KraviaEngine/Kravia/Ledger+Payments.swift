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
        guard amount <= invoice.due else {
            throw APIError.invalid(
                "amount", "payment of \(amount) exceeds the \(invoice.due) still due on invoice \(number)")
        }
        recordPayment(amount, toInvoice: number, accountId: accountId, at: now)
        return books[accountId]?.invoices[number] ?? invoice
    }

    /// Records a customer payment on an invoice, after the caller checked that the invoice is issued and `amount`
    /// is at most what is due.
    mutating func recordPayment(_ amount: Int, toInvoice number: String, accountId: String, at now: Timestamp) {
        guard var invoice = books[accountId]?.invoices[number] else { return }
        invoice.payments.append(InvoicePayment(amount: amount, paidAt: now))
        books[accountId]?.invoices[number] = invoice
        for id in invoice.transactionIds { books[accountId]?.transactions[id]?.updatedAt = now }
        invoiceChanged(number, accountId: accountId, at: now)
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
    /// purchase starts a new invoice.
    mutating func issueGroupedInvoice(_ number: String, accountId: String) {
        guard var book = books[accountId], var invoice = book.invoices[number], !invoice.isIssued else { return }
        invoice.isIssued = true
        book.invoices[number] = invoice
        if let key = invoice.groupKey, book.openGroupInvoices[key] == number { book.openGroupInvoices[key] = nil }
        books[accountId] = book
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
