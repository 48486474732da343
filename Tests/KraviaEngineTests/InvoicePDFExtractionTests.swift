import Foundation
import KraviaEngine
import Testing

/// Reads rendered invoices back with poppler's `pdftotext`, a real PDF reader; skipped where it is missing.
///
/// To look at the samples, set `KRAVIA_PDF_OUTPUT_DIR=/some/dir`: the PDFs are kept there, and
/// `pdftoppm -png -r 80 file.pdf prefix` turns them into images.
@Suite(.enabled(if: PDFToText.executable != nil, "pdftotext (poppler-utils) is not installed"))
struct InvoicePDFExtractionTests {
    @Test func b2bInvoiceReadsBack() throws {
        let text = try PDFToText.extract(InvoicePDF.render(InvoiceDocumentSamples.b2b), name: "b2b")
        for expected in [
            "INVOICE", "A1B2C-000042", "2027-02-01", "2027-02-15", "Blåbær & Søn AS", "Fjordkafé (Ålesund) ÆØÅ AS",
            "Att. Åse Ødegård", "6002 Ålesund", "Org. no. 912345678", "PO-2027/11", "0004200000427", "K-2027-000042",
            "Kaffebønner, mørk brent \\ 1 kg", "Konsulenttimer (oppsett)", "1,5", "799,00", "1 234,50",
            "Total incl. VAT", "2 033,50 NOK", "351,12 NOK", "Refunded", "-100,00 NOK", "Paid", "-500,00 NOK",
            "Amount due", "1 433,50 NOK", "1234.56.78903", "Page 1 of 1",
        ] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func swedishLettersAndNotesReadBack() throws {
        let text = try PDFToText.extract(InvoicePDF.render(InvoiceDocumentSamples.swedishWithdrawn), name: "se")
        for expected in [
            "Björn Älvström", "Södra Vägen 3", "411 34 Göteborg", "Hörlurar", "Withdrawn from collection",
            "990,00 SEK", "0,00 SEK", "Nothing is left to pay",
        ] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func groupedInvoiceListsEveryPurchase() throws {
        let text = try PDFToText.extract(
            InvoicePDF.render(InvoiceDocumentSamples.grouped(purchases: 80)), name: "grouped")
        #expect(text.contains("2027-01-01 – 2027-03-31"))
        for index in [1000, 1041, 1079] { #expect(text.contains("order-\(index)"), "missing order-\(index)") }
        #expect(text.contains("(continued)"))
        #expect(text.contains("Amount due"))
    }
}

enum PDFToText {
    static let executable = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    struct Failed: Error {}

    /// Writes `pdf` to a file and returns `pdftotext -layout`'s UTF-8 output.
    static func extract(_ pdf: Data, name: String) throws -> String {
        let directory =
            ProcessInfo.processInfo.environment["KRAVIA_PDF_OUTPUT_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("kravia-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("\(name).pdf")
        try pdf.write(to: file)
        defer {
            if ProcessInfo.processInfo.environment["KRAVIA_PDF_OUTPUT_DIR"] == nil {
                try? FileManager.default.removeItem(at: directory)
            }
        }
        guard let executable,
            let output = PythonReference.run(executable, ["-layout", "-enc", "UTF-8", file.path, "-"])
        else { throw Failed() }
        return output
    }
}
