@testable import KraviaEngine
import SandboxSupport
import Testing

struct PDFTextTests {
    @Test(arguments: [
        ("plain", "(plain)"),
        ("a(b)c\\", #"(a\(b\)c\\)"#),
        ("æøå ÆØÅ", #"(\346\370\345 \306\330\305)"#),
        ("äö ÄÖ é", #"(\344\366 \304\326 \351)"#),
        ("a\u{30A}", #"(\345)"#),  // decomposed å is composed first
        ("€ – ’", #"(\200 \226 \222)"#),
        ("łЖ😀", "(???)"),
        ("tab\there", "(tab here)"),
    ])
    func literalsAreEscapedWinAnsi(text: String, expected: String) {
        #expect(PDFText.literal(text) == expected)
    }

    @Test func widthsUseHelveticaMetrics() {
        // N 722 + O 778 + K 667 in Helvetica; digits are 556 in both faces.
        #expect(abs(PDFText.width("NOK", font: .regular, size: 10) - 21.67) < 0.001)
        #expect(PDFText.width("1234", font: .bold, size: 1) == PDFText.width("1234", font: .regular, size: 1))
        #expect(PDFText.width("Å", font: .regular, size: 1000) == 667)
    }

    @Test func wrapKeepsLinesWithinWidth() {
        let text =
            "Ekstra lang beskrivelse av en bestilling som må brytes over flere linjer Superkalifragilistiskeksfjordbønne"
        let lines = PDFText.wrap(text, font: .regular, size: 9, maxWidth: 80)
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { PDFText.width($0, font: .regular, size: 9) <= 80 })
        #expect(String(lines.joined().filter { $0 != " " }) == String(text.filter { $0 != " " }))
        #expect(PDFText.wrap("", font: .regular, size: 9, maxWidth: 80) == [""])
    }

    /// A word far wider than a line is cut into full lines in one pass (cutting one character at a time and
    /// measuring again took seconds for a few thousand characters: an invoice could hold a worker that long).
    @Test func aVeryLongWordIsCutIntoFullLines() {
        let word = String(repeating: "Wø", count: 10_000)
        let lines = PDFText.wrap("Kort " + word + " slutt", font: .regular, size: 9, maxWidth: 80)
        #expect(lines.first == "Kort")
        #expect(lines.last?.hasSuffix(" slutt") == true)
        #expect(lines.allSatisfy { PDFText.width($0, font: .regular, size: 9) <= 80 })
        // Every cut line is full: one more character would not have fitted.
        for (line, next) in zip(lines.dropFirst(), lines.dropFirst(2)) {
            #expect(PDFText.width(line + String(next.prefix(1)), font: .regular, size: 9) > 80)
        }
        #expect(lines[0] + " " + lines.dropFirst().joined() == "Kort " + word + " slutt")
        let cut = PDFText.fitted(word, font: .bold, size: 7.5, maxWidth: 120)
        #expect(PDFText.width(cut, font: .bold, size: 7.5) <= 120)
        #expect(PDFText.width(String(word.prefix(cut.count)) + "…", font: .bold, size: 7.5) > 120)
    }

    @Test func fittedCutsWithEllipsis() {
        #expect(PDFText.fitted("short", font: .regular, size: 9, maxWidth: 100) == "short")
        let cut = PDFText.fitted(String(repeating: "W", count: 50), font: .regular, size: 9, maxWidth: 60)
        #expect(cut.hasSuffix("…"))
        #expect(PDFText.width(cut, font: .regular, size: 9) <= 60)
    }
}
