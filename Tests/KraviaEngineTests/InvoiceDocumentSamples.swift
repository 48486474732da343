import KraviaEngine
import SandboxSupport

/// Invoices used by the PDF tests: Nordic names, a partial refund and payment, and a long grouped invoice.
enum InvoiceDocumentSamples {
    static let creditor = InvoiceDocument.Creditor(
        name: "Blåbær & Søn AS", id: "CR-7Q2K9", organizationNumber: "987 654 321",
        addressLines: ["Storgata 1", "0155 Oslo", "Norway"], bankAccount: "1234.56.78903")

    static let b2b = InvoiceDocument(
        invoiceNumber: "A1B2C-000042", issueDate: CivilDate(year: 2027, month: 2, day: 1),
        dueDate: CivilDate(year: 2027, month: 2, day: 15), currency: "NOK", creditor: creditor,
        debtor: InvoiceDocument.Debtor(
            name: "Åse Ødegård", businessName: "Fjordkafé (Ålesund) ÆØÅ AS", organizationNumber: "912345678",
            id: "DB-000017"),
        billingAddressLines: ["Kongens gate 7", "6002 Ålesund", "NO"], customerReference: "PO-2027/11",
        paymentReference: "0004200000427", caseNumber: "K-2027-000042",
        lines: [
            InvoiceLine(
                description: "Kaffebønner, mørk brent \\ 1 kg", quantity: 2, amount: 79_900, vatPercent: 15,
                vatAmount: 10_422),
            InvoiceLine(
                description: "Konsulenttimer (oppsett)", quantity: 1.5, amount: 123_450, vatPercent: 25,
                vatAmount: 24_690),
        ],
        totalAmount: 203_350, totalVatAmount: 35_112, refundedAmount: 10_000, paidAmount: 50_000)

    static let swedishWithdrawn = InvoiceDocument(
        invoiceNumber: "S9X8Y-000003", issueDate: CivilDate(year: 2026, month: 3, day: 10),
        dueDate: CivilDate(year: 2026, month: 3, day: 24), currency: "SEK", creditor: creditor,
        debtor: InvoiceDocument.Debtor(name: "Björn Älvström", id: "DB-000099"),
        billingAddressLines: ["Södra Vägen 3", "411 34 Göteborg", "SE"], paymentReference: "7700000031",
        lines: [InvoiceLine(description: "Hörlurar", quantity: 1, amount: 99_000, vatPercent: 25, vatAmount: 19_800)],
        totalAmount: 99_000, totalVatAmount: 19_800, refundedAmount: 99_000, dueAmount: 0,
        notes: ["Withdrawn from collection"])

    /// A quarterly grouped invoice listing many purchases: long enough to need several pages.
    static func grouped(purchases: Int) -> InvoiceDocument {
        let lines = (0..<purchases).map { index in
            InvoiceLine(
                description: index % 7 == 3
                    ? "Ekstra lang beskrivelse av en bestilling som må brytes over flere linjer i tabellen, nr. \(index + 1)"
                    : "Kontorrekvisita, bestilling \(index + 1)",
                quantity: Double(index % 4 + 1), amount: 12_500 * (index % 4 + 1), vatPercent: 25,
                vatAmount: 2_500 * (index % 4 + 1),
                purchaseDate: CivilDate(year: 2027, month: 1, day: 1).adding(days: index % 90),
                reference: "order-\(1000 + index)")
        }
        let total = lines.reduce(0) { $0 + $1.amount }
        let vat = lines.reduce(0) { $0 + $1.vatAmount }
        return InvoiceDocument(
            invoiceNumber: "A1B2C-000100", issueDate: CivilDate(year: 2027, month: 4, day: 1),
            dueDate: CivilDate(year: 2027, month: 4, day: 15), currency: "NOK", creditor: creditor,
            debtor: InvoiceDocument.Debtor(
                name: "Kari Nordmann", businessName: "Nordmann Byrå AS", organizationNumber: "923456789",
                id: "DB-000018"),
            billingAddressLines: ["Bryggen 5", "5003 Bergen", "NO"], paymentReference: "0010000001009",
            billingPeriod: CivilDate(year: 2027, month: 1, day: 1)...CivilDate(year: 2027, month: 3, day: 31),
            lines: lines, totalAmount: total, totalVatAmount: vat)
    }
}
