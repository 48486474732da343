import Foundation
import SandboxSupport

/// A settlement's report: one row per transaction, as CSV, JSON or PDF.
enum SettlementReport {
    static let columns = [
        "transaction_id", "merchant_reference", "session_id", "payment_product_type", "invoice_number", "capture",
        "refund", "fee", "amount", "currency", "settled_at",
    ]

    /// The report's bytes in `format`.
    static func render(_ settlement: Settlement, as format: SettlementAttachment.Format, merchantName: String) -> Data {
        switch format {
        case .csv: csv(settlement)
        case .json: JSONSerializer.data(.array(settlement.rows.map(json)))
        case .pdf: pdf(settlement, merchantName: merchantName)
        }
    }

    static func values(_ row: SettlementRow) -> [String] {
        [
            row.transactionId, row.merchantReference, row.sessionId, row.paymentProductType, row.invoiceNumber ?? "",
            String(row.capture), String(row.refund), String(row.fee), String(row.amount), row.currency,
            row.settledAt.iso8601,
        ]
    }

    static func json(_ row: SettlementRow) -> JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: zip(columns, values(row)).map { column, value -> (String, JSONValue) in
                    ["capture", "refund", "fee", "amount"].contains(column)
                        ? (column, .int(Int64(value) ?? 0)) : (column, .string(value))
                }))
    }

    /// RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote or line break.
    static func csv(_ settlement: Settlement) -> Data {
        func field(_ value: String) -> String {
            guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
            return "\"" + value.replacingEvery("\"", with: "\"\"") + "\""
        }
        let lines = [columns] + settlement.rows.map(values)
        return Data(lines.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined().utf8)
    }

    /// An A4 table: the settlement's totals, then a line per transaction, as many pages as needed.
    static func pdf(_ settlement: Settlement, merchantName: String) -> Data {
        let margin = 40.0
        let lineHeight = 13.0
        var pages: [String] = []
        var canvas = PDFCanvas()
        var y = PDFCanvas.height - margin
        func newPage() {
            pages.append(canvas.content)
            canvas = PDFCanvas()
            y = PDFCanvas.height - margin
        }
        let money = { (minor: Int) in InvoiceFormatting.amount(minor, currency: settlement.currency) }
        canvas.text("Settlement report", x: margin, y: y, font: .bold, size: 16)
        y -= 22
        for line in [
            "\(merchantName) (\(settlement.accountId)), paid out by Kravia",
            "Settlement \(settlement.id), reference \(settlement.providerReference)",
            "Settled \(settlement.settledAt.iso8601); operations \(settlement.startAt.iso8601) to \(settlement.endAt.iso8601)",
            "Captured \(money(settlement.capture)), refunded \(money(settlement.refund)), fees \(money(settlement.fee)): "
                + "paid out \(money(settlement.amount)) (\(settlement.paymentStatus))",
        ] {
            canvas.text(line, x: margin, y: y, size: 9)
            y -= lineHeight
        }
        y -= 8
        let headings: [(String, Double, Bool)] = [
            ("Transaction", margin, false), ("Reference", 250, false), ("Invoice", 340, false),
            ("Capture", 440, true), ("Refund", 495, true), ("Amount", PDFCanvas.width - margin, true),
        ]
        func drawHeadings() {
            for (title, x, right) in headings {
                if right {
                    canvas.textRight(title, right: x, y: y, font: .bold, size: 8)
                } else {
                    canvas.text(title, x: x, y: y, font: .bold, size: 8)
                }
            }
            canvas.rule(x1: margin, x2: PDFCanvas.width - margin, y: y - 4)
            y -= lineHeight + 2
        }
        drawHeadings()
        for row in settlement.rows {
            if y < margin + lineHeight {
                newPage()
                drawHeadings()
            }
            canvas.text(row.transactionId, x: margin, y: y, size: 7)
            canvas.text(String(row.merchantReference.prefix(18)), x: 250, y: y, size: 7)
            canvas.text(row.invoiceNumber ?? "", x: 340, y: y, size: 7)
            canvas.textRight(InvoiceFormatting.number(row.capture), right: 440, y: y, size: 7)
            canvas.textRight(InvoiceFormatting.number(row.refund), right: 495, y: y, size: 7)
            canvas.textRight(InvoiceFormatting.number(row.amount), right: PDFCanvas.width - margin, y: y, size: 7)
            y -= lineHeight
        }
        pages.append(canvas.content)
        return PDFDocument.data(
            pages: pages, title: "Settlement " + settlement.providerReference, author: merchantName,
            created: settlement.settledAt.civilDate)
    }
}
