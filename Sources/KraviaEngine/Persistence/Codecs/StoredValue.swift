import Foundation
import SandboxSupport

/// A stored type with its own codec. It writes the very bytes its `Codable` conformance writes through
/// `BinaryEncoder`, so the files stay format 1 whichever path wrote them, without `Codable`'s generic
/// containers (a box, a keyed lookup and generic metadata per member, which held replay to 10–25 MB/s).
///
/// The hot types of the log and the snapshot — what every checkout writes — have one; cold ones (accounts,
/// settlements, subscriptions) are written and read through `Codable` from inside a hand-written one
/// (`ByteSink.write(_:codable:)`, `StoredMembers.codable(_:)`). `StoredCodecTests` checks that both paths
/// write the same bytes and read each other's.
protocol StoredValue: Codable {
    /// Writes the content of this value's blob (its length prefix is the caller's).
    func write(to sink: ByteSink) throws
    /// Reads a value from the content of its blob.
    init(stored blob: StoredBlob) throws
}

/// The content of one blob being read.
struct StoredBlob {
    let buffer: UnsafeBufferPointer<UInt8>
    let range: Range<Int>

    /// Its members, when it is a keyed blob.
    var members: StoredMembers { StoredMembers(self) }

    func string() -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    func uint64() throws -> UInt64 {
        guard range.count == 8 else { throw BinaryDecodingError(description: "a number of \(range.count) bytes") }
        return ByteSource.uint64(buffer, at: range.lowerBound)
    }

    /// A list: one blob per element. A long one (a store's elements) is decoded on every core, in chunks.
    func list<T: StoredValue>(of type: T.Type) throws -> [T] {
        var ranges: [Range<Int>] = []
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            guard let element = try ByteSource.blob(buffer, at: &cursor, within: range.upperBound) else {
                throw BinaryDecodingError(description: "nil in a list of \(T.self)")
            }
            ranges.append(element)
        }
        return try ParallelDecoding.map(ranges) { try T(stored: StoredBlob(buffer: buffer, range: $0)) }
    }

    /// A value of a type without its own codec, through `Codable`.
    func codable<T: Decodable>(_ type: T.Type) throws -> T {
        try ByteSource.read(type, buffer, range)
    }
}

/// A keyed blob's members, found by key, scanning on from the one after the last found (a writer writes them
/// in the order a reader reads them), so a member a newer writer added is skipped and one an older writer did
/// not write is found absent.
struct StoredMembers {
    private let blob: StoredBlob
    private var cursor: Int

    init(_ blob: StoredBlob) {
        self.blob = blob
        self.cursor = blob.range.lowerBound
    }

    /// The blob of the member `key`, nil when there is none.
    mutating func blob(_ key: StaticString) throws -> StoredBlob? {
        let name = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        guard let member = try ByteSource.member(named: name, in: blob.buffer, blob.range, from: cursor) else {
            return nil
        }
        cursor = member.next < blob.range.upperBound ? member.next : blob.range.lowerBound
        return StoredBlob(buffer: blob.buffer, range: member.value)
    }

    /// The member `key`, which must be there.
    mutating func read<T: StoredValue>(_ key: StaticString) throws -> T {
        guard let value = try blob(key) else { throw BinaryDecodingError(description: "member \(key) missing") }
        return try T(stored: value)
    }

    /// The member `key`, which must be there, shared with the equal ones decoded before it (`DecodingMemo`): for
    /// values that repeat by nature (a profile's settings, a shop's URLs).
    mutating func readShared<T: StoredValue>(_ key: StaticString) throws -> T {
        guard let value = try blob(key) else { throw BinaryDecodingError(description: "member \(key) missing") }
        return try DecodingMemo.value(value, T.init(stored:))
    }

    /// The member `key`, or `absent` when an older writer did not write it.
    mutating func read<T: StoredValue>(_ key: StaticString, or absent: T) throws -> T {
        try blob(key).map(T.init(stored:)) ?? absent
    }

    mutating func readIfPresent<T: StoredValue>(_ key: StaticString) throws -> T? {
        try blob(key).map(T.init(stored:))
    }

    /// A list member; empty when absent.
    mutating func list<T: StoredValue>(_ key: StaticString) throws -> [T] {
        try blob(key)?.list(of: T.self) ?? []
    }

    /// A list of strings (`ByteSink.write(_:strings:)`); empty when absent.
    mutating func strings(_ key: StaticString) throws -> [String] {
        guard let value = try blob(key) else { return [] }
        return try ByteSource.strings(value.buffer, value.range)
    }

    /// A JSON object member (metadata); empty when absent.
    mutating func object(_ key: StaticString) throws -> JSONObject {
        guard let value = try blob(key) else { return [:] }
        guard case .object(let members) = try JSONValue(stored: value) else {
            throw BinaryDecodingError(description: "member \(key) is not a JSON object")
        }
        return members
    }

    /// A dictionary member keyed by strings (`ByteSink.write(_:map:)`); nil when absent.
    mutating func mapIfPresent<T: StoredValue>(_ key: StaticString) throws -> [String: T]? {
        guard let value = try blob(key) else { return nil }
        var map: [String: T] = [:]
        var offset = value.range.lowerBound
        while offset < value.range.upperBound {
            let member = try ByteSource.member(value.buffer, at: offset, within: value.range.upperBound)
            offset = member.next
            let name = StoredBlob(buffer: value.buffer, range: member.key).string()
            map[name] = try T(stored: StoredBlob(buffer: value.buffer, range: member.value))
        }
        return map
    }

    mutating func map<T: StoredValue>(_ key: StaticString) throws -> [String: T] {
        try mapIfPresent(key) ?? [:]
    }

    /// A member of a type without its own codec, through `Codable`.
    mutating func codable<T: Decodable>(_ key: StaticString, _ type: T.Type) throws -> T {
        guard let value = try blob(key) else { throw BinaryDecodingError(description: "member \(key) missing") }
        return try value.codable(type)
    }

    mutating func codableIfPresent<T: Decodable>(_ key: StaticString, _ type: T.Type) throws -> T? {
        try blob(key)?.codable(type)
    }
}

extension ByteSink {
    /// Writes the member `key` with `value`'s blob.
    func write<T: StoredValue>(_ key: StaticString, _ value: T) throws {
        writeKey(key)
        let start = openBlob()
        try value.write(to: self)
        closeBlob(at: start)
    }

    /// Leaves a nil member out, as `Codable`'s `encodeIfPresent` does.
    func write<T: StoredValue>(_ key: StaticString, _ value: T?) throws {
        if let value { try write(key, value) }
    }

    func write<T: StoredValue>(_ key: StaticString, list: [T]) throws {
        writeKey(key)
        let start = openBlob()
        try writeList(list)
        closeBlob(at: start)
    }

    /// The elements of a list, one blob each.
    func writeList<T: StoredValue>(_ list: [T]) throws {
        for element in list {
            let start = openBlob()
            try element.write(to: self)
            closeBlob(at: start)
        }
    }

    /// A list of strings: a count, then each one's length and bytes (the fast path of `[String]`).
    func write(_ key: StaticString, strings: [String]) {
        writeKey(key)
        let start = openBlob()
        writeUInt32(UInt32(truncatingIfNeeded: strings.count))
        for string in strings { writeString(string) }
        closeBlob(at: start)
    }

    /// A JSON object member, as `JSONObject`'s fast path writes it.
    func write(_ key: StaticString, object: JSONObject) {
        writeKey(key)
        let start = openBlob()
        writeJSON(.object(object))
        closeBlob(at: start)
    }

    /// A dictionary keyed by strings: a keyed blob, one member per entry.
    func write<T: StoredValue>(_ key: StaticString, map: [String: T]?) throws {
        guard let map else { return }
        writeKey(key)
        let start = openBlob()
        for (name, value) in map {
            writeKey(name)
            let element = openBlob()
            try value.write(to: self)
            closeBlob(at: element)
        }
        closeBlob(at: start)
    }

    /// A member of a type without its own codec, through `Codable`.
    func write<T: Encodable>(_ key: StaticString, codable value: T?) throws {
        guard let value else { return }
        writeKey(key)
        try writeBlob(value)
    }
}

extension StoredValue where Self: RawRepresentable, RawValue == String {
    func write(to sink: ByteSink) throws { sink.writeRaw(rawValue) }

    init(stored blob: StoredBlob) throws {
        let text = blob.string()
        guard let value = Self(rawValue: text) else {
            throw BinaryDecodingError(description: "\"\(text)\" is not a \(Self.self)")
        }
        self = value
    }
}

extension String: StoredValue {
    func write(to sink: ByteSink) throws { sink.writeRaw(self) }
    init(stored blob: StoredBlob) throws { self = blob.string() }
}

extension Int: StoredValue {
    func write(to sink: ByteSink) throws { sink.writeUInt64(UInt64(bitPattern: Int64(self))) }
    init(stored blob: StoredBlob) throws { self = Int(truncatingIfNeeded: Int64(bitPattern: try blob.uint64())) }
}

extension UInt64: StoredValue {
    func write(to sink: ByteSink) throws { sink.writeUInt64(self) }
    init(stored blob: StoredBlob) throws { self = try blob.uint64() }
}

extension Int64: StoredValue {
    func write(to sink: ByteSink) throws { sink.writeUInt64(UInt64(bitPattern: self)) }
    init(stored blob: StoredBlob) throws { self = Int64(bitPattern: try blob.uint64()) }
}

extension Double: StoredValue {
    func write(to sink: ByteSink) throws { sink.writeUInt64(bitPattern) }
    init(stored blob: StoredBlob) throws { self = Double(bitPattern: try blob.uint64()) }
}

extension Bool: StoredValue {
    func write(to sink: ByteSink) throws { sink.bytes.append(self ? 1 : 0) }

    init(stored blob: StoredBlob) throws {
        guard blob.range.count == 1 else {
            throw BinaryDecodingError(description: "a flag of \(blob.range.count) bytes")
        }
        self = blob.buffer[blob.range.lowerBound] != 0
    }
}

extension Timestamp: StoredValue {
    func write(to sink: ByteSink) throws { sink.writeUInt64(UInt64(bitPattern: milliseconds)) }
    init(stored blob: StoredBlob) throws { self.init(milliseconds: Int64(bitPattern: try blob.uint64())) }
}

extension CivilDate: StoredValue {
    func write(to sink: ByteSink) throws { sink.writeRaw(description) }

    init(stored blob: StoredBlob) throws {
        let text = blob.string()
        guard let date = CivilDate(text) else { throw BinaryDecodingError(description: "\"\(text)\" is not a date") }
        self = date
    }
}

extension Data: StoredValue {
    func write(to sink: ByteSink) throws { sink.bytes.append(contentsOf: self) }
    init(stored blob: StoredBlob) throws { self = Data(blob.buffer[blob.range]) }
}

extension JSONValue: StoredValue {
    func write(to sink: ByteSink) throws { sink.writeJSON(self) }

    init(stored blob: StoredBlob) throws {
        self = try DecodingMemo.json(blob) { blob in
            var cursor = blob.range.lowerBound
            return try ByteSource.readJSON(blob.buffer, blob.range, &cursor, depth: 0)
        }
    }
}

/// Enums with values: `Codable` writes a keyed blob of one member, the case's name, holding a keyed blob of
/// the case's values — `_0` for an unlabelled one.
extension ByteSink {
    /// A case with one unlabelled value.
    func writeCase<T: StoredValue>(_ name: StaticString, _ value: T) throws {
        try writeCase(name) { sink in try sink.write("_0", value) }
    }

    /// A case whose values `values` writes.
    func writeCase(_ name: StaticString, _ values: (ByteSink) throws -> Void) throws {
        writeKey(name)
        let start = openBlob()
        try values(self)
        closeBlob(at: start)
    }
}

extension StoredBlob {
    /// The name of the case an enum's blob holds, and the blob of its values.
    func enumCase() throws -> (name: String, values: StoredBlob) {
        guard !range.isEmpty else { throw BinaryDecodingError(description: "an enum without a case") }
        let member = try ByteSource.member(buffer, at: range.lowerBound, within: range.upperBound)
        guard member.next == range.upperBound else {
            throw BinaryDecodingError(description: "an enum of more than one case")
        }
        return (StoredBlob(buffer: buffer, range: member.key).string(), StoredBlob(buffer: buffer, range: member.value))
    }

    /// The unlabelled value of a case's blob.
    func caseValue<T: StoredValue>() throws -> T {
        var members = self.members
        return try members.read("_0")
    }
}
