import SandboxSupport

extension Invoice {
    /// Where the invoice stands at `now`: `pending` (grouped, not issued), `issued`, `overdue`, `paid`, `withdrawn`.
    func status(now: Timestamp) -> String {
        if withdrawn { return "withdrawn" }
        if !isIssued { return "pending" }
        if due == 0 { return "paid" }
        return now >= dueDate.adding(days: 1).startOfDay ? "overdue" : "issued"
    }

    /// The invoice as the control API shows it.
    func controlJSON(now: Timestamp) -> JSONValue {
        [
            "invoice_number": .string(number), "account_id": .string(accountId), "invoice_id": .string(invoiceId),
            "file_id": .string(fileId), "case_number": .string(caseNumber), "currency": .string(currency),
            "issue_date": .string(issueDate.description), "due_date": .string(dueDate.description),
            "issued": .bool(isIssued), "status": .string(status(now: now)),
            "transaction_ids": .array(transactionIds.map(JSONValue.string)), "amount": JSONValue(amount),
            "amount_refunded": JSONValue(refunded), "amount_paid": JSONValue(paid), "amount_due": JSONValue(due),
            "refunded_to_customer": JSONValue(refundedToCustomer),
            "payments": .array(
                payments.map { ["amount": JSONValue($0.amount), "paid_at": .string($0.paidAt.iso8601)] }),
        ]
    }
}
