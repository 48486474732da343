import Foundation

/// Assembles numbered PDF 1.4 objects into a file with a cross-reference table whose offsets are exact.
///
/// Objects are plain ASCII text here (content streams escape everything else), so a stream's `/Length`
/// is its UTF-8 count.
package struct PDFWriter {
    /// An empty one.
    package init() {}

    private var bodies: [String?] = []

    /// Reserves the next object number, for an object that must be referenced before it can be written.
    package mutating func reserve() -> Int {
        bodies.append(nil)
        return bodies.count
    }

    /// Adds an object and returns its number.
    package mutating func add(_ body: String) -> Int {
        bodies.append(body)
        return bodies.count
    }

    /// Adds a stream object holding `content`.
    package mutating func addStream(_ content: String) -> Int {
        add("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
    }

    /// Fills in a reserved object.
    package mutating func set(_ number: Int, _ body: String) {
        bodies[number - 1] = body
    }

    /// The finished file: header, objects, `xref`, trailer, `startxref` and `%%EOF`.
    package func data(root: Int, info: Int) -> Data {
        // The second line's high bytes tell transfer tools the file is binary (PDF 1.4 §3.4.1).
        var output = Data("%PDF-1.4\n%".utf8)
        output.append(contentsOf: [0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
        var offsets: [Int] = []
        for (index, body) in bodies.enumerated() {
            offsets.append(output.count)
            output.append(Data("\(index + 1) 0 obj\n\(body ?? "null")\nendobj\n".utf8))
        }
        let xrefOffset = output.count
        // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, then space and newline.
        var xref = "xref\n0 \(bodies.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            xref += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        xref += "trailer\n<< /Size \(bodies.count + 1) /Root \(root) 0 R /Info \(info) 0 R >>\n"
        xref += "startxref\n\(xrefOffset)\n%%EOF\n"
        output.append(Data(xref.utf8))
        return output
    }
}
