import Foundation
import KraviaEngine
import Testing

struct InvoicePDFTests {
    @Test(arguments: [
        InvoiceDocumentSamples.b2b, InvoiceDocumentSamples.swedishWithdrawn,
        InvoiceDocumentSamples.grouped(purchases: 80),
    ])
    func fileStructureIsValid(document: InvoiceDocument) throws {
        let pdf = InvoicePDF.render(document)
        let structure = try PDFStructure(pdf)
        #expect(pdf.starts(with: Data("%PDF-1.4\n".utf8)))
        #expect(pdf.suffix(6) == Data("%%EOF\n".utf8))
        // Every xref entry points at the start of its own `N 0 obj` line.
        for (index, offset) in structure.offsets.enumerated() {
            #expect(structure.text(at: offset, length: "\(index + 1) 0 obj".count) == "\(index + 1) 0 obj")
        }
        #expect(structure.text(at: structure.startxref, length: 4) == "xref")
        #expect(structure.trailer.contains("/Size \(structure.offsets.count + 1)"))
        #expect(structure.streamLengthsMatch)
    }

    @Test func manyLinesRunOntoSeveralPages() throws {
        let short = try PDFStructure(InvoicePDF.render(InvoiceDocumentSamples.b2b))
        let long = try PDFStructure(InvoicePDF.render(InvoiceDocumentSamples.grouped(purchases: 80)))
        #expect(short.text.contains("/Count 1 "))
        let pageCount = long.text.components(separatedBy: "/Type /Page ").count - 1
        #expect(pageCount >= 3)
        #expect(long.text.contains("/Count \(pageCount) "))
        #expect(long.text.contains("(Page \(pageCount) of \(pageCount))"))
        #expect(long.text.contains("order-1079)"))
    }

    @Test func textIsWinAnsiEscapedInContent() throws {
        let text = try PDFStructure(InvoicePDF.render(InvoiceDocumentSamples.b2b)).text
        #expect(text.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding"))
        #expect(text.contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"))
        #expect(text.contains("(A1B2C-000042)"))
        #expect(text.contains(#"(Bl\345b\346r & S\370n AS)"#))
        #expect(text.contains(#"(Fjordkaf\351 \(\305lesund\) \306\330\305 AS)"#))
        #expect(text.contains(#"(Kaffeb\370nner, m\370rk brent \\ 1 kg)"#))
        #expect(text.contains("(1 433,50 NOK)"))
    }

    @Test func sameDocumentSameBytes() {
        #expect(InvoicePDF.render(InvoiceDocumentSamples.b2b) == InvoicePDF.render(InvoiceDocumentSamples.b2b))
    }
}
