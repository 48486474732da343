/// An ordered list of header fields with case-insensitive lookup, as received or as to be sent.
///
/// A `request-id` set through `requestId` is kept as its UUID's bytes and counts as the last field: lookups,
/// iteration and `fields` see it as text, the response encoder writes it without making the string.
public struct HTTPHeaders: Sendable, Equatable, Codable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field: the name as spelled on the wire and its value.
    public struct Field: Sendable, Equatable, Codable {
        /// The field name, spelled as received or given.
        public var name: String
        /// The field value with surrounding whitespace removed.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields held as strings, in order (the `request-id` stamp not among them).
    private(set) var list: [Field]
    /// The `request-id` field's UUID when it was set through `requestId`, else `PackedUUID.absent`: not an optional,
    /// whose extra byte padded every header list held (two in each journal entry) by eight.
    private var stampBits = PackedUUID.absent

    /// The `request-id` field's UUID when it was set through `requestId`.
    var stamp: PackedUUID? {
        get { stampBits == .absent ? nil : stampBits }
        set { stampBits = newValue ?? .absent }
    }

    /// The name the stamp is sent under.
    static let requestIdName = "request-id"

    /// The fields in order, the `request-id` stamp last.
    public var fields: [Field] {
        guard let stamp else { return list }
        return list + [Field(name: Self.requestIdName, value: stamp.text)]
    }

    /// The `request-id` field as its UUID: set, it replaces any `request-id` field and is kept as the UUID's bytes
    /// (see the type's comment); nil when the field is absent or was given as text.
    public var requestId: PackedUUID? {
        get { stamp }
        set {
            if list.indices.contains(where: { isField($0, named: Self.requestIdName) }) { remove(Self.requestIdName) }
            stamp = newValue
        }
    }

    /// Creates headers from fields in order.
    public init(_ fields: [Field] = []) {
        self.list = fields
    }

    /// Creates headers from `(name, value)` pairs in order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.list = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The value of the first field named `name` (case-insensitive), or nil; setting replaces every such field.
    public subscript(name: String) -> String? {
        // By index, so that no field is copied (and its strings retained) to be looked at.
        get {
            let length = name.utf8.count
            // In place through the buffer: through the array each field looked at was bounds-checked and its name
            // retained to read its length, 50 instructions a field (a lookup passes over most fields on length).
            let found: String? = list.withUnsafeBufferPointer { fields in
                for index in fields.indices
                where fields[index].name.utf8.count == length && fields[index].name.equalsIgnoringASCIICase(name) {
                    return fields[index].value
                }
                return nil
            }
            if found == nil, let stamp, Self.isRequestIdName(name) { return stamp.text }
            return found
        }
        set {
            if list.indices.contains(where: { isField($0, named: name) }) { remove(name) }
            if Self.isRequestIdName(name) { stamp = nil }
            if let newValue { list.append(Field(name: name, value: newValue)) }
        }
    }

    /// Whether the field at `index` is named `name` (case-insensitive). Names of another length are passed over on
    /// their stored counts, without a call to compare them: a lookup passes over most fields this way.
    private func isField(_ index: Int, named name: String) -> Bool {
        list[index].name.utf8.count == name.utf8.count && list[index].name.equalsIgnoringASCIICase(name)
    }

    private static func isRequestIdName(_ name: String) -> Bool {
        name.utf8.count == requestIdName.utf8.count && name.equalsIgnoringASCIICase(requestIdName)
    }

    /// Where the list's fields are stored: the same for headers sharing one list (a keep-alive request repeating the
    /// previous one's head shares its list), for as long as the list is held; nil for an empty list, which has no
    /// storage of its own (every empty array shares one).
    public var storageAddress: UnsafeRawPointer? {
        list.isEmpty ? nil : list.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// Whether both hold one list, the same storage, which tells that their fields are the same without reading them.
    /// Compared by the array's one word, its storage's address: reading the storage's count, on the line whose
    /// reference count every request's copy of a shared list (`json`'s) changes, missed the cache on another core.
    public func sharesList(with other: HTTPHeaders) -> Bool {
        guard MemoryLayout<[Field]>.size == MemoryLayout<UInt>.size else { return false }
        return unsafeBitCast(list, to: UInt.self) == unsafeBitCast(other.list, to: UInt.self)
    }

    /// Makes room for `count` fields in all, so that adding them does not grow the list again.
    public mutating func reserveCapacity(_ count: Int) {
        list.reserveCapacity(count)
    }

    /// Every value of the fields named `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    /// Appends a field, keeping any already present with the same name.
    public mutating func add(_ name: String, _ value: String) {
        list.append(Field(name: name, value: value))
    }

    /// Removes every field named `name` (case-insensitive).
    public mutating func remove(_ name: String) {
        list.removeAll { $0.name.equalsIgnoringASCIICase(name) }
        if Self.isRequestIdName(name) { stamp = nil }
    }

    /// Whether the comma-separated tokens of the fields named `name` include `token` (case-insensitive).
    public func contains(token: String, in name: String) -> Bool {
        for index in list.indices where isField(index, named: name) {
            let found = list[index].value.split(separator: ",").contains {
                $0.trimmingSpaces.equalsIgnoringASCIICase(token)
            }
            if found { return true }
        }
        guard let stamp, Self.isRequestIdName(name) else { return false }
        return stamp.text.equalsIgnoringASCIICase(token)
    }

    /// The number of fields.
    public var count: Int { list.count + (stamp == nil ? 0 : 1) }

    /// Iterates the fields in order, the `request-id` stamp last (without making the list with it that `fields` is).
    public func makeIterator() -> Iterator {
        Iterator(list: list.makeIterator(), stamp: stamp)
    }

    /// The fields in order, the `request-id` stamp made into text last.
    public struct Iterator: IteratorProtocol {
        fileprivate var list: IndexingIterator<[Field]>
        fileprivate var stamp: PackedUUID?

        /// The next field, nil past the last.
        public mutating func next() -> Field? {
            if let field = list.next() { return field }
            defer { stamp = nil }
            return stamp.map { Field(name: HTTPHeaders.requestIdName, value: $0.text) }
        }
    }

    /// Equal when the fields are, however the `request-id` is held.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.stampBits == rhs.stampBits && lhs.list == rhs.list || lhs.fields == rhs.fields
    }

    private enum CodingKeys: String, CodingKey {
        case fields
    }

    /// Encoded as `{"fields": [...]}`, the stamp as the last field's text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fields, forKey: .fields)
    }

    /// Decodes `{"fields": [...]}`; a `request-id` among them stays text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode([Field].self, forKey: .fields))
    }
}

extension String {
    /// Case-insensitive ASCII equality of two strings. Field names are mostly compared with the spelling they
    /// were sent in, and short ones are stored inline: equal bits answer at once, a first byte that differs
    /// next, and only the rest are compared byte by byte.
    package func equalsIgnoringASCIICase(_ other: String) -> Bool {
        if self == other { return true }
        guard let first = utf8.first, let otherFirst = other.utf8.first, first | 0x20 == otherFirst | 0x20 else {
            return false
        }
        return self[...].equalsIgnoringASCIICase(other[...])
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality, the comparison HTTP field names and tokens use.
    package func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let lhs = utf8, rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        // Native strings are contiguous UTF-8: compare the bytes in place (header lookups do this per request).
        let compared = lhs.withContiguousStorageIfAvailable { left in
            rhs.withContiguousStorageIfAvailable { right in
                for index in 0..<left.count where !Self.sameIgnoringASCIICase(left[index], right[index]) {
                    return false
                }
                return true
            }
        }
        if let compared, let compared { return compared }
        return zip(lhs, rhs).allSatisfy(Self.sameIgnoringASCIICase)
    }

    private static func sameIgnoringASCIICase(_ a: UInt8, _ b: UInt8) -> Bool {
        a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
    }

    /// The text without leading and trailing spaces and horizontal tabs.
    package var trimmingSpaces: Substring {
        let text = Substring(self)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
        let end = text.lastIndex(where: { !isSpace($0) })!
        return text[start...end]
    }
}
