extension String {
    /// The text with every occurrence of `target` replaced by `replacement`, left to right, compared byte for
    /// byte in UTF-8. Foundation's `replacingOccurrences(of:with:)` does the same for the texts we replace
    /// (markup, digits, template placeholders) but goes through `NSString` and UTF-16, which made it the largest
    /// cost of rendering the first hosted page; since UTF-8 is self-synchronising, a match of valid UTF-8 in
    /// valid UTF-8 always starts and ends on a character's bytes.
    package func replacingEvery(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var text = self
        var needle = target
        var with = replacement
        return text.withUTF8 { text in
            needle.withUTF8 { needle in
                with.withUTF8 { with in Self.replacing(needle, with: with, in: text) }
            }
        } ?? self
    }

    /// The replaced bytes as a string, or nil when `needle` does not occur in `text`.
    private static func replacing(
        _ needle: UnsafeBufferPointer<UInt8>, with replacement: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>
    ) -> String? {
        guard needle.count <= text.count else { return nil }
        let first = needle[0]
        let lastStart = text.count - needle.count
        var out: [UInt8] = []
        var copied = 0
        var index = 0
        while index <= lastStart {
            if text[index] == first, needle.count == 1 || matches(needle, in: text, at: index) {
                if out.isEmpty { out.reserveCapacity(text.count + replacement.count) }
                out.append(contentsOf: text[copied..<index])
                out.append(contentsOf: replacement)
                index += needle.count
                copied = index
            } else {
                index += 1
            }
        }
        guard copied > 0 else { return nil }
        out.append(contentsOf: text[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func matches(
        _ needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, at start: Int
    ) -> Bool {
        for offset in 1..<needle.count where text[start + offset] != needle[offset] { return false }
        return true
    }
}
