import Foundation

/// Writes `JSONValue` as compact JSON: keys sorted byte-wise, `/` unescaped, so equal values give equal bytes.
package enum JSONSerializer {
    /// The compact serialisation.
    package static func data(_ value: JSONValue) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, indent: nil)
        return Data(out)
    }

    /// Appends the compact serialisation to `out`: for documents assembled from parts rendered once.
    package static func append(_ value: JSONValue, to out: inout [UInt8]) {
        write(value, into: &out, indent: nil)
    }

    /// The serialisation indented by two spaces per level, with a final newline: for files people read.
    package static func prettyData(_ value: JSONValue) -> Data {
        prettyData(value, limit: .max)!
    }

    /// The indented serialisation, or nil once it passes `limit` bytes: checked as it is written, so a deeply
    /// nested document (two spaces a level on every line: a hundred times its compact size) stops early.
    package static func prettyData(_ value: JSONValue, limit: Int) -> Data? {
        var out: [UInt8] = []
        guard write(value, into: &out, indent: 0, limit: limit) else { return nil }
        out.append(0x0A)
        return Data(out)
    }

    /// The compact serialisation as a string.
    package static func string(_ value: JSONValue) -> String {
        String(decoding: data(value), as: UTF8.self)
    }

    /// - Returns: false when the output passed `limit` bytes (and was left unfinished).
    @discardableResult
    private static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?, limit: Int = .max) -> Bool {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .double(let number): writeDouble(number, into: &out)
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, indent: indent.map { $0 + 1 })
                guard out.count <= limit, write(element, into: &out, indent: indent.map { $0 + 1 }, limit: limit)
                else { return false }
            }
            if !elements.isEmpty { newline(into: &out, indent: indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Kept in byte order by `JSONObject`: nothing to sort.
            for (position, member) in members.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, indent: indent.map { $0 + 1 })
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                guard out.count <= limit, write(member.value, into: &out, indent: indent.map { $0 + 1 }, limit: limit)
                else { return false }
            }
            if !members.isEmpty { newline(into: &out, indent: indent) }
            out.append(UInt8(ascii: "}"))
        }
        return out.count <= limit
    }

    private static func newline(into out: inout [UInt8], indent: Int?) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private static func writeDouble(_ number: Double, into out: inout [UInt8]) {
        if number.rounded() == number, abs(number) < 1e15 {
            out.append(contentsOf: String(Int64(number)).utf8)
        } else {
            out.append(contentsOf: "\(number)".utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copied in one go once a scan has found none.
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: needsEscape) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied != true {
            for byte in text.utf8 { writeEscaped(byte, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func writeEscaped(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x00..<0x20:
            out.append(contentsOf: Array("\\u00".utf8))
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        default: out.append(byte)
        }
    }
}
