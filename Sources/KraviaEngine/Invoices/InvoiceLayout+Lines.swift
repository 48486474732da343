import SandboxSupport

extension InvoiceLayout {
    /// Right edges of the numeric columns, and the description column's width.
    private enum Column {
        static let description = InvoiceLayout.left + 6
        static let descriptionWidth = 250.0
        static let quantity = 345.0
        static let vatPercent = 395.0
        static let vat = 465.0
        static let amount = InvoiceLayout.right - 6
    }

    /// The table of lines, repeating its header on every page it runs onto.
    mutating func drawLines() {
        ensureRoom(40)
        drawTableHeader()
        for line in document.lines {
            let descriptionLines = PDFText.wrap(
                line.description, font: .regular, size: 9, maxWidth: Column.descriptionWidth)
            let meta = [line.purchaseDate?.description, line.reference].compactMap { $0 }.joined(separator: " · ")
            let height = Double(descriptionLines.count) * 11.5 + (meta.isEmpty ? 0 : 10) + 8
            ensureRoom(height) { $0.drawTableHeader() }
            var y = cursor - 12
            page.textRight(InvoiceFormatting.decimal(line.quantity), right: Column.quantity, y: y)
            page.textRight(InvoiceFormatting.decimal(line.vatPercent) + " %", right: Column.vatPercent, y: y)
            page.textRight(InvoiceFormatting.number(line.vatAmount), right: Column.vat, y: y)
            page.textRight(InvoiceFormatting.number(line.amount), right: Column.amount, y: y)
            for text in descriptionLines {
                page.text(text, x: Column.description, y: y)
                y -= 11.5
            }
            if !meta.isEmpty {
                let fitted = PDFText.fitted(meta, font: .regular, size: 7.5, maxWidth: Column.descriptionWidth)
                page.text(fitted, x: Column.description, y: y + 1.5, size: 7.5, gray: 0.4)
            }
            cursor -= height
            page.rule(x1: Self.left, x2: Self.right, y: cursor, lineWidth: 0.4, gray: 0.82)
        }
        cursor -= 14
    }

    private mutating func drawTableHeader() {
        page.fill(x: Self.left, y: cursor - 18, width: Self.right - Self.left, height: 18, gray: 0.9)
        let y = cursor - 12
        page.text("Description", x: Column.description, y: y, font: .bold, size: 8.5)
        page.textRight("Qty", right: Column.quantity, y: y, font: .bold, size: 8.5)
        page.textRight("VAT %", right: Column.vatPercent, y: y, font: .bold, size: 8.5)
        page.textRight("VAT", right: Column.vat, y: y, font: .bold, size: 8.5)
        page.textRight("Amount (\(document.currency))", right: Column.amount, y: y, font: .bold, size: 8.5)
        cursor -= 18
    }

    /// Totals, what has been refunded and paid, and what is left to pay.
    mutating func drawTotals() {
        var rows: [(label: String, value: String, bold: Bool)] = [
            ("Total excl. VAT", amount(document.totalAmount - document.totalVatAmount), false),
            ("VAT", amount(document.totalVatAmount), false),
            ("Total incl. VAT", amount(document.totalAmount), true),
        ]
        if document.refundedAmount != 0 { rows.append(("Refunded", amount(-document.refundedAmount), false)) }
        if document.paidAmount != 0 { rows.append(("Paid", amount(-document.paidAmount), false)) }
        ensureRoom(Double(rows.count) * 14 + 30)
        for row in rows {
            page.text(row.label, x: 345, y: cursor, font: row.bold ? .bold : .regular)
            page.textRight(row.value, right: Column.amount, y: cursor, font: row.bold ? .bold : .regular)
            cursor -= 14
        }
        page.rule(x1: 345, x2: Self.right, y: cursor + 6, lineWidth: 0.8, gray: 0.2)
        cursor -= 10
        page.text("Amount due", x: 345, y: cursor, font: .bold, size: 11)
        page.textRight(amount(document.dueAmount), right: Column.amount, y: cursor, font: .bold, size: 11)
        cursor -= 34
    }

    /// How to pay: amount, account, due date and the reference to quote.
    mutating func drawPaymentInformation() {
        var sentence = "Please pay \(amount(document.dueAmount))"
        if let account = document.creditor.bankAccount { sentence += " to bank account \(account)" }
        sentence += " by \(document.dueDate), quoting payment reference \(document.paymentReference)."
        if document.dueAmount == 0 { sentence = "Nothing is left to pay on this invoice." }
        let lines = PDFText.wrap(sentence, font: .regular, size: 9, maxWidth: Self.right - Self.left)
        ensureRoom(Double(lines.count) * 12 + 16)
        page.text("Payment information", x: Self.left, y: cursor, font: .bold, size: 9.5)
        cursor -= 14
        for line in lines {
            page.text(line, x: Self.left, y: cursor)
            cursor -= 12
        }
    }
}
