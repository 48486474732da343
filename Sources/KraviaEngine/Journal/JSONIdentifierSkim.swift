import Foundation
import SandboxSupport

/// The few string fields the journal reads from a JSON body to know which session, transaction and merchant
/// reference an exchange concerns, found without building a `JSONValue`.
///
/// Recording runs on every request, and parsing whole response bodies into dictionaries was most of its cost.
/// The skim walks the document once, validating it as strictly as `JSONParser` (a body the parser refuses
/// yields nil here too), and keeps only the top-level fields and those of an embedded `transaction` or
/// `session`. Duplicate keys behave as in the parser: the last one wins.
struct JSONIdentifierSkim {
    /// The fields of one object that identify what it is about.
    struct Fields: Equatable {
        var id: String?
        var sessionId: String?
        var transactionId: String?
        var merchantReference: String?
        /// `order.merchant_reference`, the sessions' place for it.
        var orderMerchantReference: String?
    }

    /// The body's own fields.
    var top = Fields()
    /// Those of `transaction`, when it is an object.
    var transaction: Fields?
    /// Those of `session`, when it is an object.
    var session: Fields?

    /// Skims `bytes`; nil when they are not one JSON object (the parser would refuse them, or it is an array...).
    static func skim(_ bytes: [UInt8]) -> JSONIdentifierSkim? {
        bytes.withUnsafeBufferPointer { skim($0) }
    }

    /// Skims `buffer`; nil when it is not one JSON object.
    static func skim(_ buffer: UnsafeBufferPointer<UInt8>) -> JSONIdentifierSkim? {
        // Valid UTF-8 as a whole means valid in every string, as the parser checks string by string; ASCII
        // (most bodies) is valid without building a string to find out.
        guard buffer.allSatisfy({ $0 < 0x80 }) || String(validating: buffer, as: UTF8.self) != nil else {
            return nil
        }
        var reader = Reader(bytes: buffer)
        var result = JSONIdentifierSkim()
        reader.skipSpace()
        guard reader.peek == UInt8(ascii: "{") else { return nil }
        var top = Fields()
        guard (try? reader.object(fields: &top, result: &result, level: .top)) != nil else { return nil }
        result.top = top
        reader.skipSpace()
        return reader.index == buffer.count ? result : nil
    }

    /// The keys the skim reads; every other key is `other`, its value skipped.
    fileprivate enum Key {
        case id, sessionId, transactionId, merchantReference, order, transaction, session, other

        private static let spelled: [(StaticString, Key)] = [
            ("id", .id), ("session_id", .sessionId), ("transaction_id", .transactionId),
            ("merchant_reference", .merchantReference), ("order", .order), ("transaction", .transaction),
            ("session", .session),
        ]

        /// The key a member's name is, compared as bytes (no string is made for the many keys not wanted).
        init(_ name: UnsafeBufferPointer<UInt8>) {
            for (spelling, key) in Self.spelled where spelling.utf8CodeUnitCount == name.count {
                if memcmp(spelling.utf8Start, name.baseAddress!, name.count) == 0 {
                    self = key
                    return
                }
            }
            self = .other
        }

        /// The key a decoded (escaped) name is.
        init(_ name: String) {
            var name = name
            self = name.withUTF8 { Key($0) }
        }
    }

    fileprivate enum Level {
        /// The body, or an embedded transaction or session: ids, references and `order` are read.
        case top, embedded
        /// An `order` object: only `merchant_reference` is read.
        case order
    }

    fileprivate struct Invalid: Error {}

    fileprivate struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var depth = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8) throws(Invalid) {
            skipSpace()
            guard peek == byte else { throw Invalid() }
            index += 1
        }

        /// An object at the current `{`, storing what `level` reads into `fields` (and `result` for embedded ones).
        mutating func object(fields: inout Fields, result: inout JSONIdentifierSkim, level: Level) throws(Invalid) {
            depth += 1
            guard depth <= JSONParser.maximumDepth else { throw Invalid() }
            defer { depth -= 1 }
            index += 1
            skipSpace()
            if peek == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw Invalid() }
                let key = try self.key()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                try member(key, fields: &fields, result: &result, level: level)
                skipSpace()
                guard let next = peek else { throw Invalid() }
                index += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw Invalid() }
            }
        }

        /// One member's value: read when it is one the level wants, skipped (and validated) otherwise.
        private mutating func member(
            _ key: Key, fields: inout Fields, result: inout JSONIdentifierSkim, level: Level
        ) throws(Invalid) {
            let isString = peek == UInt8(ascii: "\"")
            let isObject = peek == UInt8(ascii: "{")
            switch (level, key) {
            case (.order, .merchantReference):
                fields.orderMerchantReference = isString ? try string() : nil
            case (.top, .id), (.embedded, .id):
                fields.id = isString ? try string() : nil
            case (.top, .sessionId), (.embedded, .sessionId):
                fields.sessionId = isString ? try string() : nil
            case (.top, .transactionId), (.embedded, .transactionId):
                fields.transactionId = isString ? try string() : nil
            case (.top, .merchantReference), (.embedded, .merchantReference):
                fields.merchantReference = isString ? try string() : nil
            case (.top, .order), (.embedded, .order):
                fields.orderMerchantReference = nil
                if isObject {
                    try object(fields: &fields, result: &result, level: .order)
                    return
                }
                try skipValue()
                return
            case (.top, .transaction):
                result.transaction = isObject ? try embedded(&result) : nil
                if isObject { return }
                try skipValue()
                return
            case (.top, .session):
                result.session = isObject ? try embedded(&result) : nil
                if isObject { return }
                try skipValue()
                return
            default:
                try skipValue()
                return
            }
            // A wanted key: its string value was read above; any other value is still to be skipped.
            if !isString { try skipValue() }
        }

        private mutating func embedded(_ result: inout JSONIdentifierSkim) throws(Invalid) -> Fields {
            var fields = Fields()
            try object(fields: &fields, result: &result, level: .embedded)
            return fields
        }

        /// Any value, validated and thrown away.
        mutating func skipValue() throws(Invalid) {
            guard let byte = peek else { throw Invalid() }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): try skipContainer()
            case UInt8(ascii: "\""): try skipString()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw Invalid()
            }
        }

        private mutating func skipContainer() throws(Invalid) {
            let isObject = bytes[index] == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            depth += 1
            guard depth <= JSONParser.maximumDepth else { throw Invalid() }
            defer { depth -= 1 }
            index += 1
            skipSpace()
            if peek == close {
                index += 1
                return
            }
            while true {
                skipSpace()
                if isObject {
                    guard peek == UInt8(ascii: "\"") else { throw Invalid() }
                    try skipString()
                    try expect(UInt8(ascii: ":"))
                    skipSpace()
                }
                try skipValue()
                skipSpace()
                guard let next = peek else { throw Invalid() }
                index += 1
                if next == close { return }
                guard next == UInt8(ascii: ",") else { throw Invalid() }
            }
        }

        private mutating func literal(_ text: StaticString) throws(Invalid) {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw Invalid() }
            for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { throw Invalid() }
            index += count
        }

        private mutating func number() throws(Invalid) {
            let start = index
            var isIntegral = true
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard let first = peek, Self.isDigit(first) else { throw Invalid() }
            index += 1
            if first != UInt8(ascii: "0") { digits() }
            if peek == UInt8(ascii: ".") {
                isIntegral = false
                index += 1
                guard let byte = peek, Self.isDigit(byte) else { throw Invalid() }
                digits()
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                isIntegral = false
                index += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
                guard let byte = peek, Self.isDigit(byte) else { throw Invalid() }
                digits()
            }
            // The parser refuses numbers a Double cannot hold; only long or non-integral ones can be that.
            if isIntegral, index - start <= 18 { return }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if isIntegral, Int64(text) != nil { return }
            guard let value = Double(text), value.isFinite else { throw Invalid() }
        }

        private mutating func digits() {
            while let byte = peek, Self.isDigit(byte) { index += 1 }
        }

        private static func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        /// The member name at the current quote, as the key it is.
        mutating func key() throws(Invalid) -> Key {
            let start = index
            let escaped = try skipString()
            if !escaped { return Key(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(index - 1)])) }
            guard case .string(let text) = try? JSONParser.parse(Array(bytes[start..<index])) else { throw Invalid() }
            return Key(text)
        }

        /// A string at the current quote, decoded (rarely escaped: then the parser's own decoding is used).
        mutating func string() throws(Invalid) -> String {
            let start = index
            let escaped = try skipString()
            if !escaped {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(index - 1)]), as: UTF8.self)
            }
            guard case .string(let text) = try? JSONParser.parse(Array(bytes[start..<index])) else { throw Invalid() }
            return text
        }

        /// Skips a string, checking its escapes; returns whether it had any.
        @discardableResult
        mutating func skipString() throws(Invalid) -> Bool {
            index += 1
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return escaped
                case UInt8(ascii: "\\"):
                    escaped = true
                    try escape()
                case 0x00..<0x20: throw Invalid()
                default: break
                }
            }
            throw Invalid()
        }

        private mutating func escape() throws(Invalid) {
            guard let byte = peek else { throw Invalid() }
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                return
            case UInt8(ascii: "u"):
                let scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw Invalid() }
                    index += 2
                    guard (0xDC00..<0xE000).contains(try hex4()) else { throw Invalid() }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw Invalid()
                }
            default: throw Invalid()
            }
        }

        private mutating func hex4() throws(Invalid) -> UInt32 {
            guard index + 4 <= bytes.count, let value = HexDigits.value(of: ArraySlice(bytes[index..<index + 4])) else {
                throw Invalid()
            }
            index += 4
            return value
        }
    }
}
