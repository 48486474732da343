import Foundation

/// Reads back the parts of a rendered PDF that the structure tests check: the xref table and trailer.
struct PDFStructure {
    struct Malformed: Error {}

    let bytes: [UInt8]
    /// The whole file as Latin-1, so every byte maps to one character at the same index.
    let text: String
    let offsets: [Int]
    let startxref: Int
    let trailer: String

    init(_ data: Data) throws {
        bytes = Array(data)
        text = String(bytes.map { Character(Unicode.Scalar($0)) })
        guard let startRange = text.range(of: "startxref\n", options: .backwards),
            let startxref = Int(text[startRange.upperBound...].prefix { $0.isNumber })
        else { throw Malformed() }
        self.startxref = startxref
        let xrefLines = String(text.dropFirst(startxref)).split(separator: "\n")
        guard xrefLines.count > 2, xrefLines[0] == "xref",
            let count = Int(xrefLines[1].split(separator: " ")[1]), xrefLines[2] == "0000000000 65535 f "
        else { throw Malformed() }
        offsets = try xrefLines[3..<(2 + count)].map { line in
            guard line.count == 19, line.hasSuffix(" 00000 n "), let offset = Int(line.prefix(10)) else {
                throw Malformed()
            }
            return offset
        }
        trailer = xrefLines[(2 + count)...].joined(separator: "\n")
    }

    func text(at offset: Int, length: Int) -> String {
        String(text.dropFirst(offset).prefix(length))
    }

    /// Whether each stream's `/Length` is the number of bytes between `stream\n` and `\nendstream`.
    var streamLengthsMatch: Bool {
        var searchStart = text.startIndex
        var found = 0
        while let lengthRange = text.range(of: "<< /Length ", range: searchStart..<text.endIndex) {
            let digits = text[lengthRange.upperBound...].prefix { $0.isNumber }
            guard let length = Int(digits),
                let streamStart = text.range(of: ">>\nstream\n", range: lengthRange.upperBound..<text.endIndex),
                let end = text.range(of: "\nendstream", range: streamStart.upperBound..<text.endIndex),
                text.distance(from: streamStart.upperBound, to: end.lowerBound) == length
            else { return false }
            found += 1
            searchStart = end.upperBound
        }
        return found > 0
    }
}
