/// One page's content stream, drawn with points measured from the bottom-left corner (PDF user space).
package struct PDFCanvas {
    /// An empty one.
    package init() {}

    /// A4 in points.
    package static let width = 595.0
    package static let height = 842.0

    package private(set) var content = ""

    /// Draws `text` with its left edge at `x` and baseline at `y`.
    package mutating func text(
        _ text: String, x: Double, y: Double, font: PDFFont = .regular, size: Double = 9,
        gray: Double = 0
    ) {
        guard !text.isEmpty else { return }
        content += "\(Self.number(gray)) g BT \(font.resourceName) \(Self.number(size)) Tf "
        content += "\(Self.number(x)) \(Self.number(y)) Td \(PDFText.literal(text)) Tj ET\n"
    }

    /// Draws `text` with its right edge at `right`, for amount columns.
    package mutating func textRight(
        _ text: String, right: Double, y: Double, font: PDFFont = .regular, size: Double = 9,
        gray: Double = 0
    ) {
        let x = right - PDFText.width(text, font: font, size: size)
        self.text(text, x: x, y: y, font: font, size: size, gray: gray)
    }

    /// A horizontal rule from `x1` to `x2` at `y`.
    package mutating func rule(x1: Double, x2: Double, y: Double, lineWidth: Double = 0.5, gray: Double = 0.6) {
        content += "\(Self.number(gray)) G \(Self.number(lineWidth)) w "
        content += "\(Self.number(x1)) \(Self.number(y)) m \(Self.number(x2)) \(Self.number(y)) l S\n"
    }

    /// A filled rectangle with its lower-left corner at (`x`, `y`).
    package mutating func fill(x: Double, y: Double, width: Double, height: Double, gray: Double) {
        content += "\(Self.number(gray)) g \(Self.number(x)) \(Self.number(y)) "
        content += "\(Self.number(width)) \(Self.number(height)) re f\n"
    }

    /// A stroked rectangle outline with its lower-left corner at (`x`, `y`).
    package mutating func stroke(
        x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.8,
        gray: Double = 0
    ) {
        content += "\(Self.number(gray)) G \(Self.number(lineWidth)) w \(Self.number(x)) \(Self.number(y)) "
        content += "\(Self.number(width)) \(Self.number(height)) re S\n"
    }

    /// A coordinate with at most two decimals and no exponent, as content streams need.
    package static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = String(hundredths.magnitude / 100)
        let fraction = hundredths.magnitude % 100
        let sign = hundredths < 0 ? "-" : ""
        if fraction == 0 { return sign + whole }
        return sign + whole + "." + (fraction < 10 ? "0" : "") + String(fraction).trimmingSuffixZeros()
    }
}

extension String {
    fileprivate func trimmingSuffixZeros() -> String {
        var copy = self
        while copy.hasSuffix("0") { copy.removeLast() }
        return copy
    }
}
