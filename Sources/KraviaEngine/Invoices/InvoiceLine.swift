import SandboxSupport

/// One line on an invoice: an order item, or for a grouped invoice one item of one of the grouped purchases.
package struct InvoiceLine: Sendable, Hashable {
    /// What was bought, as the order item's description.
    package var description: String
    /// How many; printed without trailing zeros (`1`, `2,5`).
    package var quantity: Double
    /// The line total in minor units, VAT included.
    package var amount: Int
    /// The VAT rate in percent, e.g. 25 or 12.5.
    package var vatPercent: Double
    /// The VAT part of `amount`, in minor units.
    package var vatAmount: Int
    /// The purchase date, printed under the description on grouped invoices.
    package var purchaseDate: CivilDate?
    /// The purchase's reference (e.g. the merchant reference), printed under the description when set.
    package var reference: String?

    /// Creates a line.
    package init(
        description: String, quantity: Double, amount: Int, vatPercent: Double, vatAmount: Int,
        purchaseDate: CivilDate? = nil, reference: String? = nil
    ) {
        self.description = description
        self.quantity = quantity
        self.amount = amount
        self.vatPercent = vatPercent
        self.vatAmount = vatAmount
        self.purchaseDate = purchaseDate
        self.reference = reference
    }
}
