extension String {
    /// The text without leading and trailing spaces and tabs: the same characters as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` (Unicode space separators and tab), without its bridging cost on
    /// the request path.
    package func trimmingWhitespace() -> String {
        // The usual case, a printable ASCII byte at each end (a bearer token, a header value), is itself.
        if let first = utf8.first, let last = utf8.last, (0x21..<0x80).contains(first), (0x21..<0x80).contains(last) {
            return self
        }
        let scalars = unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}
