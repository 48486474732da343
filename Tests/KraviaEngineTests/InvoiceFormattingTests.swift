import KraviaEngine
import Testing

struct InvoiceFormattingTests {
    @Test(arguments: [
        (0, "0,00 NOK"), (5, "0,05 NOK"), (123_450, "1 234,50 NOK"), (100, "1,00 NOK"), (-10_000, "-100,00 NOK"),
        (123_456_789, "1 234 567,89 NOK"), (99_999_900, "999 999,00 NOK"),
    ])
    func amounts(minorUnits: Int, expected: String) {
        #expect(InvoiceFormatting.amount(minorUnits, currency: "NOK") == expected)
    }

    @Test(arguments: [(1.0, "1"), (1.5, "1,5"), (12.5, "12,5"), (0.125, "0,125"), (2.0004, "2"), (25, "25")])
    func decimals(value: Double, expected: String) {
        #expect(InvoiceFormatting.decimal(value) == expected)
    }
}
