/// A merchant account as the sandbox holds it: its settings plus what changes at run time.
struct Account: Sendable, Codable, Equatable {
    var settings: AccountSettings
    /// The Kravia creditor behind this merchant: its id and the prefix of its invoice numbers.
    var creditor: Creditor
    /// The payment profiles by id: the configured ones, and those created through the API.
    var profiles: [String: PaymentProfile] = [:]

    var id: String { settings.accountId }
}

/// The merchant as Kravia's creditor: invoice numbers are `<prefix>-<sequence>`.
struct Creditor: Sendable, Codable, Equatable {
    var id: String
    var invoicePrefix: String
    var lastInvoiceSequence = 0

    mutating func nextInvoiceNumber() -> String {
        lastInvoiceSequence += 1
        let digits = String(lastInvoiceSequence)
        return invoicePrefix + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
