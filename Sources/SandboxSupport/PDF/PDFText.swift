import Foundation

/// The two standard fonts invoices use, both WinAnsi-encoded so Nordic letters (æøå äö) print.
package enum PDFFont: Sendable {
    case regular
    case bold

    /// The name of the font in each page's resources.
    package var resourceName: String {
        switch self {
        case .regular: "/F1"
        case .bold: "/F2"
        }
    }

    package var widths: [UInt16] {
        switch self {
        case .regular: PDFFontMetrics.helvetica
        case .bold: PDFFontMetrics.helveticaBold
        }
    }
}

/// Text for PDF content streams: WinAnsi bytes, escaped literal strings, and measured widths.
package enum PDFText {
    /// The WinAnsi bytes of `text`; characters the encoding lacks print as `?`, control characters as spaces.
    package static func winAnsi(_ text: String) -> [UInt8] {
        // Composed form first, so an `å` typed as `a` + combining ring still finds its WinAnsi byte.
        text.precomposedStringWithCanonicalMapping.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x20...0x7E, 0xA0...0xFF: UInt8(scalar.value)
            case 0x00..<0x20: UInt8(ascii: " ")
            default: PDFFontMetrics.winAnsiSpecials[scalar.value] ?? UInt8(ascii: "?")
            }
        }
    }

    /// A PDF literal string `( … )` for `text`. `(`, `)` and `\` are escaped (PDF 1.4 §3.2.3), and bytes
    /// outside printable ASCII are written as octal escapes so the content stream stays plain ASCII.
    package static func literal(_ text: String) -> String {
        var out = "("
        for byte in winAnsi(text) {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                out += "\\" + String(UnicodeScalar(byte))
            case 0x20...0x7E:
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return out + ")"
    }

    /// The printed width of `text` in points (`winAnsi` never yields a byte below 0x20).
    package static func width(_ text: String, font: PDFFont, size: Double) -> Double {
        Double(units(text, font: font)) * size / 1000
    }

    /// The width of `text` in thousandths of the font size.
    private static func units(_ text: String, font: PDFFont) -> Int {
        let widths = font.widths
        return winAnsi(text).reduce(0) { $0 + Int(widths[Int($1) - 32]) }
    }

    /// `text` cut to `maxWidth`, ending in `…` when anything was cut: for single-line fields such as references.
    package static func fitted(_ text: String, font: PDFFont, size: Double, maxWidth: Double) -> String {
        guard width(text, font: font, size: size) > maxWidth else { return text }
        let ellipsis = units("…", font: font)
        return String(
            prefix(of: text[...], fitting: maxWidth, after: ellipsis, atLeastOne: false, font: font, size: size))
            + "…"
    }

    /// `text` broken at spaces into lines no wider than `maxWidth`; a single word too long for a line is
    /// cut to fit, so no line ever runs into the next column.
    package static func wrap(_ text: String, font: PDFFont, size: Double, maxWidth: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ").map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if width(candidate, font: font, size: size) <= maxWidth {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            var rest = word[...]
            while true {
                let head = prefix(of: rest, fitting: maxWidth, after: 0, atLeastOne: true, font: font, size: size)
                guard head.endIndex < rest.endIndex else { break }
                lines.append(String(head))
                rest = rest[head.endIndex...]
            }
            current = String(rest)
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The longest run of whole characters at the start of `text` no wider than `maxWidth` together with
    /// `reserved` units (the ellipsis that follows a cut); with `atLeastOne`,
    /// never empty (a character wider than a line still has to go somewhere). Measured one character at a time,
    /// once: cutting a character off and measuring again was quadratic, and a long word took seconds.
    private static func prefix(
        of text: Substring, fitting maxWidth: Double, after reserved: Int, atLeastOne: Bool, font: PDFFont,
        size: Double
    ) -> Substring {
        var used = reserved
        var end = text.startIndex
        for index in text.indices {
            used += units(String(text[index]), font: font)
            guard Double(used) * size / 1000 <= maxWidth || (atLeastOne && index == text.startIndex) else { break }
            end = text.index(after: index)
        }
        return text[..<end]
    }
}
