import Glibc

/// A JSON object's members, kept in one array sorted byte-wise by key, each key once.
///
/// It reads like a `[String: JSONValue]` (lookup, assignment, `keys`, `merge`, `mapValues`) at a fraction of
/// the memory: a hash table of a handful of members holds two to four times their bytes in free buckets, and
/// a checkout holds dozens of small objects (addresses, metadata, items). Lookups search the sorted keys;
/// serialisation walks the members in order, with nothing to sort. Keys compare as UTF-8 bytes, so two
/// spellings of the same text in different Unicode normal forms are two keys, as JSON parsers see them.
public struct JSONObject: Sendable, Equatable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)
    public typealias Key = String
    public typealias Value = JSONValue

    private var members: [Element]

    /// No members.
    public init() {
        members = []
    }

    /// The members of `dictionary`.
    public init(_ dictionary: [String: JSONValue]) {
        self.init(unsorted: Array(dictionary))
    }

    /// Members in any order; of a key given more than once, the last one counts (as assigning them in turn would).
    public init(unsorted: [Element]) {
        var members = unsorted
        if !Self.isStrictlyAscending(members) {
            // Stable, so equal keys stay in the order given and the last of each run is the one kept.
            members.sort { Self.order($0.key, $1.key) < 0 }
            var kept: [Element] = []
            kept.reserveCapacity(members.count)
            for member in members {
                if let last = kept.last, Self.order(last.key, member.key) == 0 {
                    kept[kept.count - 1] = member
                } else {
                    kept.append(member)
                }
            }
            members = kept
        }
        self.members = members
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(unsorted: elements.map { (key: $0.0, value: $0.1) })
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { members.count }
    public subscript(position: Int) -> Element { members[position] }

    /// The value of `key`, nil when it is absent; assigning nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard case .found(let index) = search(key) else { return nil }
            return members[index].value
        }
        set {
            switch (search(key), newValue) {
            case (.found(let index), let value?): members[index].value = value
            case (.found(let index), nil): members.remove(at: index)
            case (.insertion(let index), let value?): members.insert((key: key, value: value), at: index)
            case (.insertion, nil): break
            }
        }
    }

    /// The keys, in byte order.
    public var keys: LazyMapCollection<[Element], String> { members.lazy.map(\.key) }

    /// The values, in the order of their keys.
    public var values: LazyMapCollection<[Element], JSONValue> { members.lazy.map(\.value) }

    /// Sets `key` to `value`; returns the value it replaced.
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        let old = self[key]
        self[key] = value
        return old
    }

    /// Removes `key`; returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        let old = self[key]
        self[key] = nil
        return old
    }

    /// Adds the members of `other`; for a key both have, `combine` gives the value from this one's and `other`'s.
    public mutating func merge(
        _ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) throws -> JSONValue
    ) rethrows {
        guard !other.isEmpty else { return }
        guard !isEmpty else { return self = other }
        var merged: [Element] = []
        merged.reserveCapacity(members.count + other.members.count)
        var left = 0
        var right = 0
        while left < members.count, right < other.members.count {
            let order = Self.order(members[left].key, other.members[right].key)
            if order < 0 {
                merged.append(members[left])
                left += 1
            } else if order > 0 {
                merged.append(other.members[right])
                right += 1
            } else {
                let value = try combine(members[left].value, other.members[right].value)
                merged.append((key: members[left].key, value: value))
                left += 1
                right += 1
            }
        }
        merged.append(contentsOf: members[left...])
        merged.append(contentsOf: other.members[right...])
        members = merged
    }

    /// This object with the members of `other` added, `combine` deciding for a key both have.
    public func merging(
        _ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) throws -> JSONValue
    ) rethrows -> JSONObject {
        var result = self
        try result.merge(other, uniquingKeysWith: combine)
        return result
    }

    /// Each value transformed, the keys kept.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var result = self
        for index in result.members.indices { result.members[index].value = try transform(members[index].value) }
        return result
    }

    /// Each value transformed, into a dictionary of another value type.
    public func mapValues<T>(_ transform: (JSONValue) throws -> T) rethrows -> [String: T] {
        var result: [String: T] = [:]
        for member in members { result[member.key] = try transform(member.value) }
        return result
    }

    /// Each value transformed, the members whose transform gives nil left out.
    public func compactMapValues(_ transform: (JSONValue) throws -> JSONValue?) rethrows -> JSONObject {
        var result = JSONObject()
        result.members.reserveCapacity(members.count)
        for member in members {
            if let value = try transform(member.value) { result.members.append((key: member.key, value: value)) }
        }
        return result
    }

    /// Each value transformed, into a dictionary of another value type without the members that give nil.
    public func compactMapValues<T>(_ transform: (JSONValue) throws -> T?) rethrows -> [String: T] {
        var result: [String: T] = [:]
        for member in members { result[member.key] = try transform(member.value) }
        return result
    }

    /// The members that pass `isIncluded`.
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> JSONObject {
        var result = JSONObject()
        result.members = try members.filter(isIncluded)
        return result
    }

    /// The members as a dictionary.
    public var dictionary: [String: JSONValue] {
        Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for index in lhs.members.indices {
            guard lhs.members[index].value == rhs.members[index].value,
                order(lhs.members[index].key, rhs.members[index].key) == 0
            else { return false }
        }
        return true
    }

    private enum Position {
        case found(Int)
        case insertion(Int)
    }

    private func search(_ key: String) -> Position {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            let order = Self.order(members[middle].key, key)
            if order == 0 { return .found(middle) }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return .insertion(low)
    }

    private static func isStrictlyAscending(_ members: [Element]) -> Bool {
        var index = 1
        while index < members.count {
            if order(members[index - 1].key, members[index].key) >= 0 { return false }
            index += 1
        }
        return true
    }

    /// Negative, zero or positive as `lhs`'s UTF-8 bytes sort before, equal or after `rhs`'s (which is also code
    /// point order), compared in place.
    static func order(_ lhs: String, _ rhs: String) -> Int {
        let compared = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right -> Int in
                let common = Swift.min(left.count, right.count)
                if common > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if order != 0 { return Int(order) }
                }
                return left.count - right.count
            }
        }
        if let compared, let compared { return compared }
        if lhs.utf8.elementsEqual(rhs.utf8) { return 0 }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8) ? -1 : 1
    }
}

/// Written and read as a keyed container, as `[String: JSONValue]` is.
extension JSONObject: Codable {
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        var members: [Element] = []
        for key in container.allKeys {
            members.append((key: key.stringValue, value: try container.decode(JSONValue.self, forKey: key)))
        }
        self.init(unsorted: members)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for member in members { try container.encode(member.value, forKey: MemberKey(stringValue: member.key)) }
    }
}
