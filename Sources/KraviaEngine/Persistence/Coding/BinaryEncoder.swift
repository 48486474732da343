import Foundation
import SandboxSupport

/// Encodes `Encodable` values into the sandbox's storage format: every value is a length-prefixed blob, keyed
/// containers are `key, blob` pairs, so a reader skips members it does not know and misses members a newer
/// writer added (they decode as absent) — the format's forward and backward compatibility.
///
/// Strings, data, timestamps and JSON documents take a fast path (`BinaryEncoder.writeFast`) instead of the
/// generic container machinery: they are most of what the ledger holds.
struct BinaryEncoder {
    /// Encodes `value` into one blob (no outer length prefix).
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = ByteSink()
        try sink.writeValue(value)
        sink.closeNested(deeperThan: -1)
        return sink.bytes
    }

    /// Encodes a value of a type with its own codec: the same bytes, without `Codable`'s containers.
    static func encode<T: StoredValue>(_ value: T) throws -> [UInt8] {
        let sink = ByteSink()
        try value.write(to: sink)
        return sink.bytes
    }
}

/// The growing buffer every container of one encoding appends to; blobs are written in place, their length
/// patched in once their content is complete.
final class ByteSink: Encoder {
    var bytes: [UInt8] = []
    /// How many blobs are being written around the current position.
    private var level = 0
    /// Blobs opened by nested containers, not yet closed: their start and the depth of their container. A
    /// nested container is closed by its parent's next write or by the end of the blob around it.
    private var openNested: [(start: Int, depth: Int)] = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init() { bytes.reserveCapacity(512) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedSink<Key>(sink: self, depth: level))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedSink(sink: self, depth: level) }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleSink(sink: self) }

    /// Marks a nil blob (only in unkeyed containers; keyed ones leave the member out).
    static let nilLength: UInt32 = 0xFFFF_FFFF

    func writeUInt32(_ value: UInt32) { bytes.appendLittleEndian(value) }

    func writeUInt64(_ value: UInt64) { bytes.appendLittleEndian(value) }

    func writeKey(_ key: some CodingKey) {
        writeKey(key.stringValue)
    }

    func writeKey(_ key: String) {
        var text = key
        text.withUTF8 { writeKey(bytes: $0) }
    }

    func writeKey(_ key: StaticString) {
        writeKey(bytes: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    /// One length byte for the usual short key; 0xFF and four bytes for a long one (metadata keys are the
    /// merchant's).
    private func writeKey(bytes utf8: UnsafeBufferPointer<UInt8>) {
        if utf8.count < 0xFF {
            bytes.append(UInt8(utf8.count))
        } else {
            bytes.append(0xFF)
            writeUInt32(UInt32(truncatingIfNeeded: utf8.count))
        }
        bytes.append(contentsOf: utf8)
    }

    /// A string as a whole blob's content: its bytes, no length (the blob has one).
    func writeRaw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Writes `value` as one length-prefixed blob.
    func writeBlob<T: Encodable>(_ value: T) throws {
        let start = openBlob()
        level += 1
        defer { level -= 1 }
        try writeValue(value)
        while let last = openNested.last, last.start > start { closeBlob(at: openNested.removeLast().start) }
        closeBlob(at: start)
    }

    /// Reserves a blob's length prefix; returns where it starts.
    func openBlob() -> Int {
        let start = bytes.count
        writeUInt32(0)
        return start
    }

    /// Opens the blob of a nested container of depth `depth`.
    func openNestedBlob(depth: Int) {
        openNested.append((openBlob(), depth))
    }

    /// Closes the nested containers deeper than `depth`: a container at `depth` is about to write.
    func closeNested(deeperThan depth: Int) {
        while let last = openNested.last, last.depth > depth { closeBlob(at: openNested.removeLast().start) }
    }

    func closeBlob(at start: Int) {
        let length = UInt32(truncatingIfNeeded: bytes.count - start - 4)
        withUnsafeBytes(of: length.littleEndian) { raw in
            for index in 0..<4 { bytes[start + index] = raw[index] }
        }
    }

    /// Writes the content of `value`'s blob (no prefix).
    func writeValue<T: Encodable>(_ value: T) throws {
        if writeFast(value) { return }
        try value.encode(to: self)
    }

    /// The types that skip `Codable`'s containers; the decoder mirrors each one in `readFast`. A type is
    /// compared, then the value reinterpreted (no dynamic cast per value).
    private func writeFast<T: Encodable>(_ value: T) -> Bool {
        if T.self == String.self {
            writeRaw(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            writeUInt64(UInt64(bitPattern: Int64(unsafeBitCast(value, to: Int.self))))
        } else if T.self == Timestamp.self {
            writeUInt64(UInt64(bitPattern: unsafeBitCast(value, to: Timestamp.self).milliseconds))
        } else if T.self == Bool.self {
            bytes.append(unsafeBitCast(value, to: Bool.self) ? 1 : 0)
        } else if T.self == JSONValue.self {
            writeJSON(unsafeBitCast(value, to: JSONValue.self))
        } else if T.self == Data.self {
            bytes.append(contentsOf: unsafeBitCast(value, to: Data.self))
        } else if T.self == JSONObject.self {
            // Metadata and settings: written as the JSON object they are, without a container per member.
            writeJSON(.object(unsafeBitCast(value, to: JSONObject.self)))
        } else if T.self == [String].self {
            let strings = unsafeBitCast(value, to: [String].self)
            writeUInt32(UInt32(truncatingIfNeeded: strings.count))
            for string in strings { writeString(string) }
        } else {
            return false
        }
        return true
    }

    func writeString(_ text: String) { bytes.appendStoredString(text) }

    /// JSON as a tagged tree: 0 null, 1 false, 2 true, 3 integer, 4 double, 5 string, 6 array, 7 object.
    func writeJSON(_ json: JSONValue) { bytes.appendStoredJSON(json) }

    func writePrimitive(_ value: some FixedWidthInteger) {
        writeUInt64(UInt64(truncatingIfNeeded: value))
    }
}

private struct KeyedSink<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: ByteSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        sink.closeNested(deeperThan: depth)
        // A nil member is left out, and reads back as nil.
        if let optional = value as? any OptionalMarker, optional.isNil { return }
        sink.writeKey(key)
        try sink.writeBlob(value)
    }

    // Synthesised enum conformances put each case's values in a nested container.
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        sink.closeNested(deeperThan: depth)
        sink.writeKey(key)
        sink.openNestedBlob(depth: depth + 1)
        return KeyedEncodingContainer(KeyedSink<NestedKey>(sink: sink, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        sink.closeNested(deeperThan: depth)
        sink.writeKey(key)
        sink.openNestedBlob(depth: depth + 1)
        return UnkeyedSink(sink: sink, depth: depth + 1)
    }

    mutating func superEncoder() -> any Encoder { sink }
    mutating func superEncoder(forKey key: Key) -> any Encoder { sink }
}

private struct UnkeyedSink: UnkeyedEncodingContainer {
    let sink: ByteSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(sink: ByteSink, depth: Int) {
        self.sink = sink
        self.depth = depth
    }

    mutating func encodeNil() throws {
        sink.closeNested(deeperThan: depth)
        sink.writeUInt32(ByteSink.nilLength)
        count += 1
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        sink.closeNested(deeperThan: depth)
        if let optional = value as? any OptionalMarker, optional.isNil {
            sink.writeUInt32(ByteSink.nilLength)
        } else {
            try sink.writeBlob(value)
        }
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        sink.closeNested(deeperThan: depth)
        sink.openNestedBlob(depth: depth + 1)
        count += 1
        return KeyedEncodingContainer(KeyedSink<NestedKey>(sink: sink, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.closeNested(deeperThan: depth)
        sink.openNestedBlob(depth: depth + 1)
        count += 1
        return UnkeyedSink(sink: sink, depth: depth + 1)
    }

    mutating func superEncoder() -> any Encoder { sink }
}

private struct SingleSink: SingleValueEncodingContainer {
    let sink: ByteSink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws {}
    mutating func encode(_ value: Bool) throws { sink.bytes.append(value ? 1 : 0) }
    mutating func encode(_ value: String) throws { sink.bytes.append(contentsOf: value.utf8) }
    mutating func encode(_ value: Double) throws { sink.writeUInt64(value.bitPattern) }
    mutating func encode(_ value: Float) throws { sink.writeUInt64(Double(value).bitPattern) }
    mutating func encode(_ value: Int) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: Int8) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: Int16) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: Int32) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: Int64) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: UInt) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: UInt8) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: UInt16) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: UInt32) throws { sink.writePrimitive(value) }
    mutating func encode(_ value: UInt64) throws { sink.writePrimitive(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try sink.writeValue(value) }
}

/// The sink's writes on its bytes, each taking them once for the whole value: a write through the class's
/// property checks exclusive access at every append, which was most of the cost of writing a JSON document.
extension [UInt8] {
    fileprivate mutating func appendLittleEndian(_ value: some FixedWidthInteger) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// A string's length (four bytes) and its UTF-8 bytes.
    fileprivate mutating func appendStoredString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            appendLittleEndian(UInt32(truncatingIfNeeded: utf8.count))
            append(contentsOf: utf8)
        }
    }

    fileprivate mutating func appendStoredJSON(_ json: JSONValue) {
        switch json {
        case .null: append(0)
        case .bool(let flag): append(flag ? 2 : 1)
        case .int(let number):
            append(3)
            appendLittleEndian(UInt64(bitPattern: number))
        case .double(let number):
            append(4)
            appendLittleEndian(number.bitPattern)
        case .string(let text):
            append(5)
            appendStoredString(text)
        case .array(let elements):
            append(6)
            appendLittleEndian(UInt32(truncatingIfNeeded: elements.count))
            for element in elements { appendStoredJSON(element) }
        case .object(let members):
            append(7)
            appendLittleEndian(UInt32(truncatingIfNeeded: members.count))
            for (key, value) in members {
                appendStoredString(key)
                appendStoredJSON(value)
            }
        }
    }
}
