/// The three Kravia payment product types.
public enum KraviaPaymentType: String, Sendable, Codable, CaseIterable {
    /// One invoice per purchase to a business.
    case invoiceB2B = "kravia.invoice_b2b"
    /// Purchases of one business collected on one invoice per period.
    case invoiceB2BGrouped = "kravia.invoice_b2b_grouped"
    /// One invoice per purchase to a consumer.
    case invoiceB2C = "kravia.invoice_b2c"

    /// The key under `configuration.kravia`, e.g. `invoice_b2b`.
    public var configurationKey: String { String(rawValue.dropFirst("kravia.".count)) }

    /// Whether the debtor is a business (organization number and business name required).
    public var isBusiness: Bool { self != .invoiceB2C }

    /// A human label for pages and PDFs.
    public var label: String {
        switch self {
        case .invoiceB2B: "Invoice for businesses"
        case .invoiceB2BGrouped: "Monthly or quarterly invoice for businesses"
        case .invoiceB2C: "Invoice"
        }
    }
}
