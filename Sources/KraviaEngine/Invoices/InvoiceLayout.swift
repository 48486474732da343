import SandboxSupport

/// Places an invoice's parts on A4 pages top to bottom, starting a new page when the next part would not fit.
struct InvoiceLayout {
    static let left = 50.0
    static let right = 545.0
    /// Nothing but the footer goes below this line.
    static let bottom = 70.0

    let document: InvoiceDocument
    private(set) var pages: [PDFCanvas] = [PDFCanvas()]
    /// The baseline the next element is placed under.
    var cursor = PDFCanvas.height - 52

    init(document: InvoiceDocument) {
        self.document = document
    }

    var page: PDFCanvas {
        get { pages[pages.count - 1] }
        set { pages[pages.count - 1] = newValue }
    }

    func amount(_ minorUnits: Int) -> String {
        InvoiceFormatting.amount(minorUnits, currency: document.currency)
    }

    /// Starts a new page when fewer than `height` points are left above the footer.
    mutating func ensureRoom(_ height: Double, continuation: (inout InvoiceLayout) -> Void = { _ in }) {
        guard cursor - height < Self.bottom else { return }
        pages.append(PDFCanvas())
        cursor = PDFCanvas.height - 50
        page.text(document.creditor.name, x: Self.left, y: cursor, font: .bold, size: 12)
        page.textRight("Invoice \(document.invoiceNumber) (continued)", right: Self.right, y: cursor, gray: 0.35)
        cursor -= 10
        page.rule(x1: Self.left, x2: Self.right, y: cursor)
        cursor -= 22
        continuation(&self)
    }

    /// The creditor, the invoice's key facts, the debtor and the amount-due banner.
    mutating func drawFirstPageHeader() {
        let creditor = document.creditor
        let top = cursor
        page.textRight("INVOICE", right: Self.right, y: top, font: .bold, size: 22)
        // Long names wrap rather than run into the title; other left-column lines are cut to the column.
        var leftY = top
        for line in PDFText.wrap(creditor.name, font: .bold, size: 16, maxWidth: 270) {
            page.text(line, x: Self.left, y: leftY, font: .bold, size: 16)
            leftY -= 18
        }
        leftY += 2
        var creditorLines = creditor.addressLines + ["Org. no. \(creditor.organizationNumber)"]
        if let account = creditor.bankAccount { creditorLines.append("Bank account \(account)") }
        for line in creditorLines {
            page.text(PDFText.fitted(line, font: .regular, size: 9, maxWidth: 280), x: Self.left, y: leftY, gray: 0.3)
            leftY -= 12
        }
        var rightY = top - 26
        for (label, value) in keyFacts {
            page.text(label, x: 345, y: rightY, gray: 0.35)
            let room = Self.right - 345 - PDFText.width(label, font: .regular, size: 9) - 8
            page.textRight(
                PDFText.fitted(value, font: .bold, size: 9, maxWidth: room), right: Self.right, y: rightY, font: .bold)
            rightY -= 13
        }
        leftY -= 18
        page.text("BILL TO", x: Self.left, y: leftY, font: .bold, size: 7.5, gray: 0.45)
        leftY -= 15
        for (index, line) in debtorLines.enumerated() {
            let (font, size): (PDFFont, Double) = index == 0 ? (.bold, 11) : (.regular, 9.5)
            page.text(
                PDFText.fitted(line, font: font, size: size, maxWidth: 280), x: Self.left, y: leftY, font: font,
                size: size)
            leftY -= index == 0 ? 14 : 12
        }
        cursor = min(leftY, rightY) - 14
        drawAmountDueBanner()
        for note in document.notes {
            page.stroke(x: Self.left, y: cursor - 8, width: Self.right - Self.left, height: 22, gray: 0.2)
            let fitted = PDFText.fitted(note, font: .bold, size: 10, maxWidth: Self.right - Self.left - 20)
            page.text(fitted, x: Self.left + 10, y: cursor, font: .bold, size: 10)
            cursor -= 30
        }
        cursor -= 6
    }

    private var keyFacts: [(String, String)] {
        var facts = [
            ("Invoice number", document.invoiceNumber), ("Invoice date", document.issueDate.description),
            ("Due date", document.dueDate.description), ("Payment reference (KID)", document.paymentReference),
        ]
        if let caseNumber = document.caseNumber { facts.append(("Case number", caseNumber)) }
        if let reference = document.customerReference { facts.append(("Your reference", reference)) }
        if let period = document.billingPeriod {
            facts.append(("Billing period", "\(period.lowerBound) – \(period.upperBound)"))
        }
        facts.append(("Customer number", document.debtor.id))
        facts.append(("Creditor ID", document.creditor.id))
        return facts
    }

    private var debtorLines: [String] {
        let debtor = document.debtor
        var lines: [String] = []
        if let business = debtor.businessName {
            lines += [business, "Att. \(debtor.name)"]
        } else {
            lines.append(debtor.name)
        }
        lines += document.billingAddressLines
        if let number = debtor.organizationNumber { lines.append("Org. no. \(number)") }
        return lines
    }

    private mutating func drawAmountDueBanner() {
        page.fill(x: Self.left, y: cursor - 30, width: Self.right - Self.left, height: 34, gray: 0.93)
        page.text("Amount due", x: Self.left + 10, y: cursor - 18, font: .bold, size: 12)
        page.text(amount(document.dueAmount), x: Self.left + 100, y: cursor - 18, font: .bold, size: 12)
        page.textRight("Due date \(document.dueDate)", right: Self.right - 10, y: cursor - 18, font: .bold, size: 10)
        cursor -= 52
    }

    /// "Page n of N" and the sandbox notice on every page, once the page count is known.
    mutating func drawFooters() {
        let total = pages.count
        for index in pages.indices {
            pages[index].rule(x1: Self.left, x2: Self.right, y: 44, lineWidth: 0.4, gray: 0.75)
            pages[index].text(
                "\(document.creditor.name) · Org. no. \(document.creditor.organizationNumber) · "
                    + "Invoice \(document.invoiceNumber) · Kravia Sandbox: test document, not a claim",
                x: Self.left, y: 32, size: 7.5, gray: 0.45)
            pages[index].textRight("Page \(index + 1) of \(total)", right: Self.right, y: 32, size: 7.5, gray: 0.45)
        }
    }
}
