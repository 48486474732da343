@preconcurrency import Glibc

/// Byte classes and line searching shared by the request, chunked and response parsers.
enum HTTPSyntax {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// RFC 9110 §5.6.2 — tchar: the characters of a method or a field name.
    static let tokenCharacters: [Bool] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }

    /// `tokenCharacters` as a bitmap, bit `b % 64` of word `b / 64` (no byte from 128 on is a tchar): tested
    /// per byte of every method and field name without touching an array (`HTTPSyntaxTests` checks it against
    /// the table).
    static let tokenBitmap: (low: UInt64, high: UInt64) = (0x03FF_6CFA_0000_0000, 0x57FF_FFFF_C7FF_FFFE)

    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        let word = byte < 64 ? tokenBitmap.low : byte < 128 ? tokenBitmap.high : 0
        return word >> UInt64(byte & 63) & 1 != 0
    }

    static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        for byte in bytes where !isTokenByte(byte) { return false }
        return true
    }

    /// RFC 9110 §5.5 — field-value characters: VCHAR, obs-text, SP and HTAB; every other control is refused.
    ///
    /// Eight bytes a step: a word with no byte below 0x20 and none equal to 0x7F is valid as a whole (the
    /// "has a byte less than n" and "has a zero byte" tests of Hacker's Delight §6-1 are exact for the word);
    /// from the first word that may hold one, byte by byte. A bearer token is hundreds of bytes.
    static func isFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        every(
            bytes,
            word: { word in
                let delete = word ^ (ones &* 0x7F)
                return ((word &- ones &* 0x20) & ~word | (delete &- ones) & ~delete) & highs == 0
            },
            byte: { $0 >= 0x20 && $0 != 0x7F || $0 == tab })
    }

    /// Whether every byte is visible ASCII (0x21...0x7E), as a request target's are: eight bytes a step like
    /// `isFieldValue` (a word with no byte below 0x21 and none above 0x7E is valid whole; adding one to each byte
    /// sets the high bit of a 0x7F).
    static func isVisibleASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        every(
            bytes, word: { word in ((word &- ones &* 0x21) & ~word | word | (word &+ ones)) & highs == 0 },
            byte: { $0 > 0x20 && $0 < 0x7F })
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether every byte passes `byte`: whole words while `word` passes them (it must pass a word exactly when
    /// `byte` would pass each of its bytes), then byte by byte from the first word that may hold one that fails.
    @inline(__always)
    private static func every(
        _ bytes: UnsafeBufferPointer<UInt8>, word: (UInt64) -> Bool, byte: (UInt8) -> Bool
    ) -> Bool {
        var index = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count, word(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
            }
        }
        while index < bytes.count {
            guard byte(bytes[index]) else { return false }
            index += 1
        }
        return true
    }

    /// The index of the next space at or after `from`, or nil (`memchr`: a request line is mostly its target).
    static func space(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + from, Int32(space), bytes.count - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the next LF at or after `from`, or nil. Uses `memchr` so each byte is looked at once.
    static func lineFeed(in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < buffer.count, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + from, Int32(lf), buffer.count - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The end of a line's content: drops the CR of a CRLF terminator.
    ///
    /// RFC 9112 §2.2 — a recipient MAY accept a bare LF as a line terminator; this server does (as nginx
    /// does), so `lineEnd` is the LF's index and a preceding CR is trimmed when present.
    static func contentEnd(in buffer: UnsafeBufferPointer<UInt8>, lineStart: Int, lineFeed: Int) -> Int {
        lineFeed > lineStart && buffer[lineFeed - 1] == cr ? lineFeed - 1 : lineFeed
    }

    /// The length of an unterminated line's content so far: a trailing CR may be the first half of its
    /// CRLF, so it is not counted, or a line of exactly the limit would be refused when the read ends between
    /// CR and LF but accepted when the CRLF arrives together (found by fuzzing).
    static func pendingContentLength(in buffer: UnsafeBufferPointer<UInt8>, lineStart: Int) -> Int {
        let pending = buffer.count - lineStart
        return pending > 0 && buffer[buffer.count - 1] == cr ? pending - 1 : pending
    }

    /// Trims optional whitespace (SP/HTAB) from both ends of `range`.
    static func trimmed(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, buffer[lower] == space || buffer[lower] == tab { lower += 1 }
        while upper > lower, buffer[upper - 1] == space || buffer[upper - 1] == tab { upper -= 1 }
        return lower..<upper
    }

    static func string(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// Parses one field line (RFC 9112 §5): `name ":" OWS value OWS`.
    /// - Throws: 400 for obs-fold (§5.2), whitespace before the colon (§5.1), a bad name or a control
    ///   character in the value.
    static func fieldLine(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(HTTPParseError)
        -> HTTPHeaders.Field
    {
        try field(buffer, fieldRanges(buffer, line))
    }

    /// Where a field line's name and (trimmed) value lie; refuses obs-fold (§5.2) and a line without a colon.
    static func fieldRanges(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(HTTPParseError)
        -> FieldRanges
    {
        let first = buffer[line.lowerBound]
        // RFC 9112 §5.2 — obs-fold (a line starting with whitespace) is rejected rather than unfolded.
        if first == space || first == tab { throw .badRequest("obsolete line folding in header section") }
        guard let colon = buffer[line].firstIndex(of: colon) else {
            throw .badRequest("header line without a colon")
        }
        return FieldRanges(name: line.lowerBound..<colon, value: trimmed(buffer, (colon + 1)..<line.upperBound))
    }

    /// The field at `ranges`, checked: a name without whitespace before the colon (§5.1), a value without controls.
    static func field(_ buffer: UnsafeBufferPointer<UInt8>, _ ranges: FieldRanges) throws(HTTPParseError)
        -> HTTPHeaders.Field
    {
        guard isToken(UnsafeBufferPointer(rebasing: buffer[ranges.name])) else {
            throw .badRequest("invalid header field name")
        }
        guard isFieldValue(UnsafeBufferPointer(rebasing: buffer[ranges.value])) else {
            throw .badRequest("control character in header field value")
        }
        return HTTPHeaders.Field(name: string(buffer, ranges.name), value: string(buffer, ranges.value))
    }

    /// Whether the field at `ranges` is exactly `field` (bytes of name and value): a keep-alive client sends the
    /// same fields again and again (a bearer token of hundreds of bytes among them), and a field seen before was
    /// already checked.
    static func repeats(_ buffer: UnsafeBufferPointer<UInt8>, _ ranges: FieldRanges, _ field: HTTPHeaders.Field)
        -> Bool
    {
        same(buffer, ranges.name, as: field.name) && same(buffer, ranges.value, as: field.value)
    }

    /// A field line's name and its value without the surrounding whitespace, as byte ranges of the buffer.
    struct FieldRanges {
        let name: Range<Int>
        let value: Range<Int>
    }

    /// Whether `buffer[range]` holds exactly the UTF-8 bytes of `text`.
    private static func same(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, as text: String) -> Bool {
        same(UnsafeBufferPointer(rebasing: buffer[range]), as: text)
    }

    /// Whether `bytes` are exactly the UTF-8 bytes of `text`.
    static func same(_ bytes: UnsafeBufferPointer<UInt8>, as text: String) -> Bool {
        guard text.utf8.count == bytes.count, let base = bytes.baseAddress else { return false }
        return text.utf8.withContiguousStorageIfAvailable { text in
            text.isEmpty || memcmp(base, text.baseAddress!, bytes.count) == 0
        } ?? false
    }
}
