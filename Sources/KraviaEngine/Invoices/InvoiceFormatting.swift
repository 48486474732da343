/// How amounts and quantities read on invoices: Norwegian style, `1 234,50 NOK`, the same on every machine.
package enum InvoiceFormatting {
    /// Minor units as `1 234,50 NOK`; negative amounts get a leading `-`.
    /// - Parameters:
    ///   - minorUnits: the amount in øre/cents (all Nordic currencies have two decimals).
    ///   - currency: the ISO 4217 code printed after the number.
    package static func amount(_ minorUnits: Int, currency: String) -> String {
        number(minorUnits) + " " + currency
    }

    /// Minor units as `1 234,50`, without a currency, for table columns.
    package static func number(_ minorUnits: Int) -> String {
        let magnitude = minorUnits.magnitude
        var whole = String(magnitude / 100)
        var groups: [Substring] = []
        while whole.count > 3 {
            groups.insert(Substring(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(Substring(whole), at: 0)
        let cents = magnitude % 100
        return (minorUnits < 0 ? "-" : "") + groups.joined(separator: " ") + "," + (cents < 10 ? "0" : "")
            + String(cents)
    }

    /// A quantity or percentage with up to three decimals and no trailing zeros: `1`, `2,5`, `12,5`.
    package static func decimal(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let whole = thousandths.magnitude / 1000
        var fraction = String(thousandths.magnitude % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (thousandths < 0 ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "," + fraction)
    }
}
