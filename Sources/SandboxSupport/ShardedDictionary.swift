/// A dictionary by string keys that never rehashes all it holds at once.
///
/// A Swift `Dictionary` grows by rehashing every key into a table twice the size: at ~200,000 keys that is a pause
/// of ~45 ms (~110 ms at ~400,000), taken by whichever insert passes the limit, under whatever lock the caller holds.
/// Here the keys are spread over `shardCount` dictionaries once there are `spreadThreshold` of them, so a growth
/// rehashes a thirty-second of the keys. Below the threshold it is one dictionary, as cheap as a plain one for the
/// small stores most accounts have.
package struct ShardedDictionary<Value>: Sendable where Value: Sendable {
    /// One dictionary until spread, then `shardCount`.
    private var shards: [[String: Value]] = [[:]]
    package private(set) var count = 0

    package static var shardCount: Int { 32 }
    package static var spreadThreshold: Int { 4096 }

    package init() {}

    /// Room for `capacity` keys, spread already if that many would be.
    package init(minimumCapacity capacity: Int) {
        if capacity >= Self.spreadThreshold {
            shards = Self.emptyShards(each: capacity / Self.shardCount + 1)
        } else {
            shards = [[String: Value](minimumCapacity: capacity)]
        }
    }

    package subscript(key: String) -> Value? {
        get { shards[shardIndex(key)][key] }
        set { updateValue(newValue, forKey: key) }
    }

    /// Sets `value` under `key` (nil: removes the key); returns the value it replaced.
    @discardableResult
    package mutating func updateValue(_ value: Value?, forKey key: String) -> Value? {
        let index = shardIndex(key)
        let old: Value?
        if let value {
            old = shards[index].updateValue(value, forKey: key)
        } else {
            old = shards[index].removeValue(forKey: key)
        }
        count += (value == nil ? 0 : 1) - (old == nil ? 0 : 1)
        if shards.count == 1, count >= Self.spreadThreshold { spread() }
        return old
    }

    /// Every value, in no particular order.
    package var values: some Sequence<Value> { shards.lazy.flatMap(\.values) }

    /// How many keys each dictionary holds (one number until spread).
    package var shardSizes: [Int] { shards.map(\.count) }

    /// Which dictionary holds `key`: FNV-1a over its last eight bytes (ids differ at their end; the whole key is
    /// hashed again by the dictionary).
    private func shardIndex(_ key: String) -> Int {
        guard shards.count > 1 else { return 0 }
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8.suffix(8) { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % UInt32(shards.count))
    }

    /// Moves the keys of the one dictionary into `shardCount`.
    private mutating func spread() {
        let single = shards[0]
        shards = Self.emptyShards(each: single.count / Self.shardCount * 2)
        for (key, value) in single { shards[shardIndex(key)][key] = value }
    }

    /// `shardCount` empty dictionaries with room for `each` keys.
    private static func emptyShards(each: Int) -> [[String: Value]] {
        (0..<shardCount).map { _ in [String: Value](minimumCapacity: each) }
    }
}
