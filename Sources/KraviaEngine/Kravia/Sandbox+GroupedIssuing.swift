extension Sandbox {
    /// Issues a grouped invoice whose period has ended: from now on it takes payments, and the customer's next
    /// purchase starts a new invoice.
    func issueGroupedInvoice(number: String, at due: Timestamp) {
        withState { state in
            guard var invoice = state.invoices[number], !invoice.isIssued else { return }
            invoice.isIssued = true
            state.invoices[number] = invoice
            if let key = invoice.groupKey, state.openGroupInvoices[key] == number { state.openGroupInvoices[key] = nil }
        }
    }
}
