import SandboxSupport

/// What a refund does to the invoice behind a transaction (seeds: "Refunds and Cancellations").
enum InvoiceRefund {
    /// Applies a refund to `invoice` and returns the event metadata recording its effect.
    ///
    /// A partial refund reduces what the invoice asks for. A full refund before the customer paid everything
    /// withdraws the invoice (when none of its other purchases remain); whatever the customer already paid
    /// beyond what is still owed goes back to them.
    static func apply(_ amount: Int, to invoice: inout Invoice) -> JSONObject {
        invoice.refunded += amount
        let stillOwed = max(0, invoice.amount - invoice.refunded)
        let overpaid = max(0, invoice.paid - stillOwed - invoice.refundedToCustomer)
        invoice.refundedToCustomer += overpaid
        // A grouped invoice is withdrawn only once every purchase on it is refunded.
        if stillOwed == 0 { invoice.withdrawn = true }
        return [
            "kravia:invoice_number": .string(invoice.number),
            "kravia:invoice_action": .string(invoice.withdrawn ? "withdrawn" : "reduced"),
            "kravia:refunded_to_customer": .int(Int64(overpaid)),
            "kravia:amount_due": .int(Int64(invoice.due)),
        ]
    }
}
