import SandboxSupport

/// An invoice registered with Kravia: one transaction's, or a grouped one collecting several.
struct Invoice: Sendable, Codable {
    var number: String
    var fileId: String
    var accountId: String
    var invoiceId: String
    var caseNumber: String
    var creditorId: String
    var debtorId: String
    var currency: String
    var issueDate: CivilDate
    var dueDate: CivilDate
    var transactionIds: [String]
    var amount: Int
    var payments: [InvoicePayment] = []
    var refunded = 0
    var refundedToCustomer = 0
    var withdrawn = false
    var groupKey: String?
    /// The purchases' period, for grouped invoices.
    var billingPeriod: ClosedRange<CivilDate>?
    var isIssued = true
    /// Set once the invoice is paid in full and its settlement is on the timeline, so it is scheduled once.
    var isSettlementScheduled = false

    var paid: Int { payments.reduce(0) { $0 + $1.amount } }
    /// What the customer still owes: the amount less refunds and payments, never below zero.
    var due: Int { withdrawn ? 0 : max(0, amount - refunded - paid) }
}

/// Money the customer paid towards an invoice.
struct InvoicePayment: Sendable, Codable {
    var amount: Int
    var paidAt: Timestamp
}
