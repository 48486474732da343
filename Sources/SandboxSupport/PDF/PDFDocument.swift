import Foundation

/// A whole PDF 1.4 file from pages drawn on `PDFCanvas`es: A4, Helvetica regular (`/F1`) and bold (`/F2`), an
/// info dictionary; the same pages always give the same bytes.
package enum PDFDocument {
    /// The file for `pages` (each a canvas's content stream).
    /// - Parameter created: the document's date, as its `/CreationDate` (midnight UTC), so output stays stable.
    package static func data(pages: [String], title: String, author: String, created: CivilDate) -> Data {
        var writer = PDFWriter()
        let catalog = writer.reserve()
        let pageTree = writer.reserve()
        let regular = writer.add(font("Helvetica"))
        let bold = writer.add(font("Helvetica-Bold"))
        let creationDate =
            "D:" + CivilDate.padded(created.year, 4) + CivilDate.padded(created.month, 2)
            + CivilDate.padded(created.day, 2) + "000000Z"
        let info = writer.add(
            "<< /Title \(PDFText.literal(title)) /Author \(PDFText.literal(author)) /Producer (Kravia Sandbox) "
                + "/CreationDate (\(creationDate)) >>")
        var kids: [Int] = []
        for content in pages {
            let stream = writer.addStream(content)
            kids.append(
                writer.add(
                    "<< /Type /Page /Parent \(pageTree) 0 R /MediaBox [0 0 \(Int(PDFCanvas.width)) "
                        + "\(Int(PDFCanvas.height))] /Resources << /Font << /F1 \(regular) 0 R /F2 \(bold) 0 R >> >> "
                        + "/Contents \(stream) 0 R >>"))
        }
        let kidList = kids.map { "\($0) 0 R" }.joined(separator: " ")
        writer.set(pageTree, "<< /Type /Pages /Kids [\(kidList)] /Count \(kids.count) >>")
        writer.set(catalog, "<< /Type /Catalog /Pages \(pageTree) 0 R >>")
        return writer.data(root: catalog, info: info)
    }

    /// A standard Type 1 font; WinAnsiEncoding is what makes æ, ø, å, ä and ö print (PDF 1.4 Appendix D).
    private static func font(_ name: String) -> String {
        "<< /Type /Font /Subtype /Type1 /BaseFont /\(name) /Encoding /WinAnsiEncoding >>"
    }
}
