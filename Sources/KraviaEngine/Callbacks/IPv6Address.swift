import Foundation

/// An IPv6 address as eight 16-bit pieces, parsed and printed as the WHATWG URL Standard does (§3.5, §3.6),
/// so that a bracketed callback host signs exactly as Dintero's `url.hostname` would print it.
struct IPv6Address: Sendable, Hashable, CustomStringConvertible {
    var pieces: [UInt16]

    /// Parses the text between the brackets, e.g. `::1`, `2001:DB8::8:800:200C:417A` or `::ffff:1.2.3.4`.
    init?(_ text: Substring) {
        let halves = text.components(separatedBy: "::")
        switch halves.count {
        case 1:
            guard let all = Self.groups(halves[0], allowsIPv4: true), all.count == 8 else { return nil }
            pieces = all
        case 2:
            // `::` stands for one or more zero pieces, so at most seven may be written out.
            guard let head = Self.groups(halves[0], allowsIPv4: false),
                let tail = Self.groups(halves[1], allowsIPv4: true), head.count + tail.count <= 7
            else { return nil }
            pieces = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        default:
            return nil
        }
    }

    /// Colon-separated hex groups of at most four digits; a dotted IPv4 address may end them (two pieces).
    private static func groups(_ text: String, allowsIPv4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        var result: [UInt16] = []
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if allowsIPv4, index == parts.count - 1, part.contains(".") {
                guard let v4 = ipv4(Array(part.utf8)[...]) else { return nil }
                result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
            } else {
                guard (1...4).contains(part.utf8.count), part.allSatisfy({ $0.isASCII && $0.isHexDigit }),
                    let value = UInt16(part, radix: 16)
                else { return nil }
                result.append(value)
            }
        }
        return result
    }

    /// Lowercase hex pieces, the first longest run of two or more zero pieces written as `::`.
    var description: String {
        var longest: (start: Int, length: Int)?
        var start = 0
        while start < 8 {
            var end = start
            while end < 8, pieces[end] == 0 { end += 1 }
            if end - start > 1, end - start > (longest?.length ?? 0) { longest = (start, end - start) }
            start = end + 1
        }
        var out = ""
        var index = 0
        while index < 8 {
            if let longest, index == longest.start {
                out += index == 0 ? "::" : ":"
                index += longest.length
                continue
            }
            out += String(pieces[index], radix: 16)
            if index < 7 { out += ":" }
            index += 1
        }
        return out
    }

    private static func ipv4(_ chars: ArraySlice<UInt8>) -> UInt32? {
        let parts = chars.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                part.count == 1 || part.first != UInt8(ascii: "0")
            else { return nil }
            let number = part.reduce(0) { $0 * 10 + UInt32($1 - 48) }
            guard number <= 255 else { return nil }
            value = value << 8 | number
        }
        return value
    }
}
