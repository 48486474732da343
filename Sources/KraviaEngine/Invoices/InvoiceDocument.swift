import SandboxSupport

/// Everything printed on a Kravia invoice PDF; built by the engine from the registered invoice.
///
/// A plain value with no behaviour, so the PDF can be rendered (and tested) without an engine. Amounts
/// are minor units; the document does not recompute totals, it prints what the invoice says.
package struct InvoiceDocument: Sendable, Hashable {
    /// The merchant the invoice is issued on behalf of.
    package struct Creditor: Sendable, Hashable {
        /// The merchant's legal name.
        package var name: String
        /// Kravia's creditor id (`kravia:creditor_id`).
        package var id: String
        /// The merchant's organization number.
        package var organizationNumber: String
        /// Street, postal code and city, country: one printed line each.
        package var addressLines: [String]
        /// The account the customer pays into, when there is one to print.
        package var bankAccount: String?

        /// Creates a creditor.
        package init(
            name: String, id: String, organizationNumber: String, addressLines: [String], bankAccount: String? = nil
        ) {
            self.name = name
            self.id = id
            self.organizationNumber = organizationNumber
            self.addressLines = addressLines
            self.bankAccount = bankAccount
        }
    }

    /// The customer who owes the invoice.
    package struct Debtor: Sendable, Hashable {
        /// The person's name (`first_name last_name`).
        package var name: String
        /// The company, for B2B invoices.
        package var businessName: String?
        /// The company's organization number, for B2B invoices.
        package var organizationNumber: String?
        /// Kravia's debtor id (`kravia:debtor_id`).
        package var id: String

        /// Creates a debtor.
        package init(name: String, businessName: String? = nil, organizationNumber: String? = nil, id: String) {
            self.name = name
            self.businessName = businessName
            self.organizationNumber = organizationNumber
            self.id = id
        }
    }

    /// The invoice number, e.g. `A1B2C-000001`.
    package var invoiceNumber: String
    /// The date the invoice is issued.
    package var issueDate: CivilDate
    /// The date payment is due.
    package var dueDate: CivilDate
    /// The ISO 4217 currency, e.g. `NOK`.
    package var currency: String
    /// Who issues the invoice.
    package var creditor: Creditor
    /// Who owes it.
    package var debtor: Debtor
    /// The billing address, one printed line each (street, postal code and city, country).
    package var billingAddressLines: [String]
    /// The customer's own reference (`customer_reference`), for B2B invoices.
    package var customerReference: String?
    /// The payment reference the customer quotes when paying (KID).
    package var paymentReference: String
    /// Kravia's case number (`kravia:case_number`).
    package var caseNumber: String?
    /// The first and last day of a grouped invoice's billing period.
    package var billingPeriod: ClosedRange<CivilDate>?
    /// The lines, in order.
    package var lines: [InvoiceLine]
    /// The invoice total in minor units, VAT included.
    package var totalAmount: Int
    /// The VAT in `totalAmount`, in minor units.
    package var totalVatAmount: Int
    /// What has been refunded (credited) so far, in minor units.
    package var refundedAmount: Int
    /// What the customer has paid so far, in minor units.
    package var paidAmount: Int
    /// What the customer still has to pay, in minor units.
    package var dueAmount: Int
    /// Remarks printed prominently, e.g. `Withdrawn from collection`.
    package var notes: [String]

    /// Creates a document; amounts default to nothing refunded or paid and the whole total due.
    package init(
        invoiceNumber: String, issueDate: CivilDate, dueDate: CivilDate, currency: String, creditor: Creditor,
        debtor: Debtor, billingAddressLines: [String], customerReference: String? = nil, paymentReference: String,
        caseNumber: String? = nil, billingPeriod: ClosedRange<CivilDate>? = nil, lines: [InvoiceLine],
        totalAmount: Int, totalVatAmount: Int, refundedAmount: Int = 0, paidAmount: Int = 0, dueAmount: Int? = nil,
        notes: [String] = []
    ) {
        self.invoiceNumber = invoiceNumber
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.currency = currency
        self.creditor = creditor
        self.debtor = debtor
        self.billingAddressLines = billingAddressLines
        self.customerReference = customerReference
        self.paymentReference = paymentReference
        self.caseNumber = caseNumber
        self.billingPeriod = billingPeriod
        self.lines = lines
        self.totalAmount = totalAmount
        self.totalVatAmount = totalVatAmount
        self.refundedAmount = refundedAmount
        self.paidAmount = paidAmount
        self.dueAmount = dueAmount ?? max(0, totalAmount - refundedAmount - paidAmount)
        self.notes = notes
    }
}
