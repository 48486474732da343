import Foundation
@preconcurrency import Glibc
import SandboxSupport

/// Reads what `BinaryEncoder` wrote; members a newer writer added are skipped, members an older one did not
/// write decode as absent. Damaged input throws `BinaryDecodingError`, never traps.
struct BinaryDecoder {
    /// Decodes a `T` from the whole of `bytes`.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            try ByteSource(buffer: buffer, range: 0..<buffer.count).readValue(T.self)
        }
    }

    /// Decodes a `T` from `range` of `buffer`.
    static func decode<T: Decodable>(
        _ type: T.Type, from buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>
    ) throws -> T {
        try ByteSource(buffer: buffer, range: range).readValue(T.self)
    }

    static func decode<T: StoredValue>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in try T(stored: StoredBlob(buffer: buffer, range: 0..<buffer.count))
        }
    }

    /// Decodes a value of a type with its own codec from `range` of `buffer`.
    static func decode<T: StoredValue>(
        _ type: T.Type, from buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>
    ) throws -> T {
        try T(stored: StoredBlob(buffer: buffer, range: range))
    }
}

/// What is wrong with bytes that do not decode.
struct BinaryDecodingError: Error, CustomStringConvertible {
    var description: String
}

/// One blob being decoded: the decoder of a value, and the reader its containers share.
final class ByteSource: Decoder {
    let buffer: UnsafeBufferPointer<UInt8>
    let range: Range<Int>
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.buffer = buffer
        self.range = range
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try KeyedSource<Key>(source: self, range: range))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { UnkeyedSource(source: self, range: range) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleSource(source: self) }

    func readValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let fast = try Self.readFast(type, buffer, range) { return fast }
        return try T(from: self)
    }

    /// Decodes the blob at `range` as a `T`: the fast types without a decoder object, the rest through one.
    static func read<T: Decodable>(_ type: T.Type, _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws
        -> T
    {
        if let fast = try readFast(type, buffer, range) { return fast }
        return try T(from: ByteSource(buffer: buffer, range: range))
    }

    func child(_ range: Range<Int>) -> ByteSource { ByteSource(buffer: buffer, range: range) }

    /// The mirror of `ByteSink.writeFast`; a type is compared, then the value reinterpreted (no dynamic cast).
    private static func readFast<T: Decodable>(
        _ type: T.Type, _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) throws -> T? {
        if type == String.self {
            let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
            return unsafeBitCast(text, to: T.self)
        }
        if type == Int.self {
            return unsafeBitCast(Int(truncatingIfNeeded: Int64(bitPattern: try uint64(buffer, range))), to: T.self)
        }
        if type == Timestamp.self {
            return unsafeBitCast(Timestamp(milliseconds: Int64(bitPattern: try uint64(buffer, range))), to: T.self)
        }
        if type == Bool.self {
            guard range.count == 1 else { throw BinaryDecodingError(description: "a flag of \(range.count) bytes") }
            return unsafeBitCast(buffer[range.lowerBound] != 0, to: T.self)
        }
        if type == JSONValue.self {
            var cursor = range.lowerBound
            let json = try readJSON(buffer, range, &cursor, depth: 0)
            return unsafeBitCast(json, to: T.self)
        }
        if type == Data.self { return unsafeBitCast(Data(buffer[range]), to: T.self) }
        if type == JSONObject.self {
            var cursor = range.lowerBound
            guard case .object(let members) = try readJSON(buffer, range, &cursor, depth: 0) else {
                throw BinaryDecodingError(description: "a dictionary that is not a JSON object")
            }
            return unsafeBitCast(members, to: T.self)
        }
        if type == [String].self { return unsafeBitCast(try strings(buffer, range), to: T.self) }
        return nil
    }

    /// A count, then each string's length and bytes.
    static func strings(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> [String] {
        guard range.count >= 4 else { throw BinaryDecodingError(description: "a list of strings cut off") }
        let count = Int(uint32(buffer, at: range.lowerBound))
        guard count <= range.count / 4 else { throw BinaryDecodingError(description: "a list of \(count) strings") }
        var cursor = range.lowerBound + 4
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count {
            guard range.upperBound - cursor >= 4 else { throw BinaryDecodingError(description: "a string cut off") }
            let length = Int(uint32(buffer, at: cursor))
            cursor += 4
            guard length <= range.upperBound - cursor else {
                throw BinaryDecodingError(description: "a string cut off")
            }
            strings.append(
                String(decoding: UnsafeBufferPointer(rebasing: buffer[cursor..<(cursor + length)]), as: UTF8.self))
            cursor += length
        }
        return strings
    }

    private static func uint64(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> UInt64 {
        guard range.count == 8 else { throw BinaryDecodingError(description: "a number of \(range.count) bytes") }
        return uint64(buffer, at: range.lowerBound)
    }

    func string() -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    func bool() throws -> Bool {
        guard range.count == 1 else { throw BinaryDecodingError(description: "a flag of \(range.count) bytes") }
        return buffer[range.lowerBound] != 0
    }

    func uint64() throws -> UInt64 {
        guard range.count == 8 else { throw BinaryDecodingError(description: "a number of \(range.count) bytes") }
        return Self.uint64(buffer, at: range.lowerBound)
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let raw = try uint64()
        let value: T? = T.isSigned ? T(exactly: Int64(bitPattern: raw)) : T(exactly: raw)
        guard let value else { throw BinaryDecodingError(description: "\(raw) does not fit \(T.self)") }
        return value
    }

    /// One member of a keyed blob: its key's bytes, its value's blob, and where the next member starts.
    struct Member {
        var key: Range<Int>
        var value: Range<Int>
        var next: Int
    }

    /// The member starting at `offset` of a keyed blob ending at `end`.
    static func member(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int, within end: Int) throws -> Member {
        var position = offset
        var keyLength = Int(buffer[position])
        position += 1
        if keyLength == 0xFF {
            guard end - position >= 4 else {
                throw BinaryDecodingError(description: "a key length cut off at \(position)")
            }
            keyLength = Int(uint32(buffer, at: position))
            position += 4
        }
        guard keyLength <= end - position else {
            throw BinaryDecodingError(description: "a key cut off at \(position)")
        }
        let key = position..<(position + keyLength)
        position += keyLength
        guard let value = try blob(buffer, at: &position, within: end) else {
            throw BinaryDecodingError(description: "a nil member at \(position)")
        }
        return Member(key: key, value: value, next: position)
    }

    /// The member named `name` of the keyed blob at `range`, scanning from `cursor` to the end, then from the
    /// start to `cursor` (members are usually read in the order they were written); nil when there is none.
    static func member(
        named name: UnsafeBufferPointer<UInt8>, in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        from cursor: Int
    ) throws -> Member? {
        func scan(_ start: Int, _ end: Int) throws -> Member? {
            var offset = start
            while offset < end {
                let member = try member(buffer, at: offset, within: range.upperBound)
                if member.key.count == name.count,
                    name.isEmpty
                        || memcmp(buffer.baseAddress! + member.key.lowerBound, name.baseAddress!, name.count) == 0
                {
                    return member
                }
                offset = member.next
            }
            return nil
        }
        return try scan(cursor, range.upperBound) ?? scan(range.lowerBound, cursor)
    }

    static func uint64(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt64.self))
    }

    static func uint32(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt32.self))
    }

    /// Reads a blob's length prefix at `cursor` and returns the blob's range (nil for the nil marker).
    func blob(at cursor: inout Int, within end: Int) throws -> Range<Int>? {
        try Self.blob(buffer, at: &cursor, within: end)
    }

    static func blob(_ buffer: UnsafeBufferPointer<UInt8>, at cursor: inout Int, within end: Int) throws -> Range<Int>?
    {
        guard end - cursor >= 4 else { throw BinaryDecodingError(description: "a length cut off at \(cursor)") }
        let length = uint32(buffer, at: cursor)
        cursor += 4
        if length == ByteSink.nilLength { return nil }
        guard Int(length) <= end - cursor else {
            throw BinaryDecodingError(description: "a blob of \(length) bytes at \(cursor) runs past its container")
        }
        defer { cursor += Int(length) }
        return cursor..<(cursor + Int(length))
    }

    static func readJSON(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ cursor: inout Int, depth: Int
    ) throws -> JSONValue {
        let end = range.upperBound
        guard depth < 512, cursor < end else { throw BinaryDecodingError(description: "a JSON value cut off") }
        let tag = buffer[cursor]
        cursor += 1
        func need(_ count: Int) throws {
            guard end - cursor >= count else { throw BinaryDecodingError(description: "a JSON value cut off") }
        }
        func text() throws -> String {
            try need(4)
            let length = Int(Self.uint32(buffer, at: cursor))
            cursor += 4
            try need(length)
            defer { cursor += length }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[cursor..<(cursor + length)]), as: UTF8.self)
        }
        switch tag {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3, 4:
            try need(8)
            let raw = Self.uint64(buffer, at: cursor)
            cursor += 8
            return tag == 3 ? .int(Int64(bitPattern: raw)) : .double(Double(bitPattern: raw))
        case 5: return .string(try text())
        case 6, 7:
            try need(4)
            let count = Int(Self.uint32(buffer, at: cursor))
            cursor += 4
            guard count <= end - cursor else { throw BinaryDecodingError(description: "a JSON container too long") }
            if tag == 6 {
                var elements: [JSONValue] = []
                elements.reserveCapacity(count)
                for _ in 0..<count { elements.append(try readJSON(buffer, range, &cursor, depth: depth + 1)) }
                return .array(elements)
            }
            var members: [JSONObject.Element] = []
            members.reserveCapacity(count)
            for _ in 0..<count {
                let key = try text()
                members.append((key: key, value: try readJSON(buffer, range, &cursor, depth: depth + 1)))
            }
            return .object(JSONObject(unsorted: members))
        default: throw BinaryDecodingError(description: "unknown JSON tag \(tag)")
        }
    }
}

/// A keyed container: its members are found by key, scanning on from the one after the last found (members are
/// usually read in the order they were written), so nothing is collected up front.
private final class KeyedSource<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let source: ByteSource
    let range: Range<Int>
    private var cursor: Int
    var codingPath: [any CodingKey] { [] }

    init(source: ByteSource, range: Range<Int>) throws {
        self.source = source
        self.range = range
        self.cursor = range.lowerBound
    }

    /// The member starting at `offset`.
    private func member(at offset: Int) throws -> ByteSource.Member {
        try ByteSource.member(source.buffer, at: offset, within: range.upperBound)
    }

    var allKeys: [Key] {
        var keys: [Key] = []
        var offset = range.lowerBound
        while offset < range.upperBound, let member = try? member(at: offset) {
            let name = String(decoding: UnsafeBufferPointer(rebasing: source.buffer[member.key]), as: UTF8.self)
            if let key = Key(stringValue: name) { keys.append(key) }
            offset = member.next
        }
        return keys
    }

    /// The member named `key`, scanning from the cursor to the end, then from the start to the cursor.
    private func find(_ key: Key) throws -> ByteSource.Member? {
        var name = key.stringValue
        return try name.withUTF8 { name in
            try ByteSource.member(named: name, in: source.buffer, range, from: cursor)
        }
    }

    private func value(for key: Key) throws -> Range<Int> {
        guard let member = try find(key) else {
            throw BinaryDecodingError(description: "member \(key.stringValue) missing")
        }
        cursor = member.next < range.upperBound ? member.next : range.lowerBound
        return member.value
    }

    func contains(_ key: Key) -> Bool { (try? find(key)) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let member = try find(key) else {
            if let optional = T.self as? any OptionalMarker.Type { return optional.nilValue as! T }
            throw BinaryDecodingError(description: "member \(key.stringValue) missing")
        }
        cursor = member.next < range.upperBound ? member.next : range.lowerBound
        return try ByteSource.read(T.self, source.buffer, member.value)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let member = try find(key) else { return nil }
        cursor = member.next < range.upperBound ? member.next : range.lowerBound
        return try ByteSource.read(T.self, source.buffer, member.value)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try KeyedSource<NestedKey>(source: source, range: try value(for: key)))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        UnkeyedSource(source: source, range: try value(for: key))
    }

    func superDecoder() throws -> any Decoder { source }
    func superDecoder(forKey key: Key) throws -> any Decoder { source }
}

private struct UnkeyedSource: UnkeyedDecodingContainer {
    let source: ByteSource
    let end: Int
    private var cursor: Int
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var isAtEnd: Bool { cursor >= end }

    init(source: ByteSource, range: Range<Int>) {
        self.source = source
        self.end = range.upperBound
        self.cursor = range.lowerBound
    }

    private mutating func nextBlob() throws -> Range<Int>? {
        guard !isAtEnd else { throw BinaryDecodingError(description: "a list ended early") }
        currentIndex += 1
        return try source.blob(at: &cursor, within: end)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if end - cursor >= 4, ByteSource.uint32(source.buffer, at: cursor) == ByteSink.nilLength {
            cursor += 4
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let range = try nextBlob() else {
            guard let optional = T.self as? any OptionalMarker.Type else {
                throw BinaryDecodingError(description: "nil in a list of \(T.self)")
            }
            return optional.nilValue as! T
        }
        return try ByteSource.read(T.self, source.buffer, range)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        guard let range = try nextBlob() else { throw BinaryDecodingError(description: "nil container") }
        return KeyedDecodingContainer(try KeyedSource<NestedKey>(source: source, range: range))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let range = try nextBlob() else { throw BinaryDecodingError(description: "nil container") }
        return UnkeyedSource(source: source, range: range)
    }

    mutating func superDecoder() throws -> any Decoder { source }
}

private struct SingleSource: SingleValueDecodingContainer {
    let source: ByteSource
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try source.bool() }
    func decode(_ type: String.Type) throws -> String { source.string() }
    func decode(_ type: Double.Type) throws -> Double { Double(bitPattern: try source.uint64()) }
    func decode(_ type: Float.Type) throws -> Float { Float(Double(bitPattern: try source.uint64())) }
    func decode(_ type: Int.Type) throws -> Int { try source.integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try source.integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try source.integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try source.integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try source.integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try source.integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try source.integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try source.integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try source.integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try source.integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try source.readValue(T.self) }
}
