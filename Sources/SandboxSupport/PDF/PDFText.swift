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
        let widths = font.widths
        let units = winAnsi(text).reduce(0) { $0 + Int(widths[Int($1) - 32]) }
        return Double(units) * size / 1000
    }

    /// `text` cut to `maxWidth`, ending in `…` when anything was cut: for single-line fields such as references.
    package static func fitted(_ text: String, font: PDFFont, size: Double, maxWidth: Double) -> String {
        guard width(text, font: font, size: size) > maxWidth else { return text }
        var head = text
        while !head.isEmpty, width(head + "…", font: font, size: size) > maxWidth { head.removeLast() }
        return head + "…"
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
            current = word
            while width(current, font: font, size: size) > maxWidth, current.count > 1 {
                var head = current
                while width(head, font: font, size: size) > maxWidth, head.count > 1 { head.removeLast() }
                lines.append(head)
                current.removeFirst(head.count)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
