import Foundation
import SandboxSupport
import Testing

@testable import KraviaEngine

/// A store keeps insertion order and lookups by id over boxed elements, copies stay apart, and its cache of
/// served JSON is dropped on a write and bounded in size.
@Suite struct OrderedStoreTests {
    @Test func writesKeepOrderAndCopiesStayApart() {
        var store = OrderedStore<String>()
        store["b"] = "first"
        store["a"] = "second"
        let copy = store
        store["b"] = "changed"
        store["c"] = "third"
        store["a"] = nil
        #expect(store.ids == ["b", "c"])
        #expect(store.all == ["changed", "third"])
        #expect(copy.all == ["first", "second"])
        #expect(copy["b"] == "first")
        #expect(Set(store.unordered) == ["changed", "third"])
    }

    /// Past the count where its lookup table spreads over several (`ShardedDictionary`), a store keeps its order,
    /// its lookups and its removals.
    @Test func aStoreSpreadOverShardsKeepsOrderAndLookups() {
        var store = OrderedStore<Int>()
        let count = ShardedDictionary<Int>.spreadThreshold * 2
        for index in 0..<count { store["id\(index)"] = index }
        for index in stride(from: 0, to: count, by: 3) { store["id\(index)"] = nil }
        store["id1"] = -1
        let kept = (0..<count).filter { $0 % 3 != 0 }
        #expect(store.count == kept.count)
        #expect(store.ids == kept.map { "id\($0)" })
        #expect(store.all == kept.map { $0 == 1 ? -1 : $0 })
        #expect(Set(store.unordered) == Set(store.all))
        #expect(store["id3"] == nil && store["id4"] == 4)
    }

    @Test func servedJSONIsCachedUntilTheElementIsWritten() {
        var store = OrderedStore<String>()
        store["x"] = "one"
        var renders = 0
        let render = { (value: String) -> JSONValue in
            renders += 1
            return .string(value)
        }
        #expect(store.cachedJSON("x") == nil)
        #expect(store.serializedJSON("x", render: render) == Data(#""one""#.utf8))
        #expect(store.serializedJSON("x", render: render) == Data(#""one""#.utf8))
        #expect(renders == 1)
        store["x"] = "two"
        #expect(store.cachedJSON("x") == nil)
        #expect(store.serializedJSON("x", render: render) == Data(#""two""#.utf8))
        #expect(renders == 2)
    }

    /// Reading more objects than the cache holds starts it again: it never holds more than its limit.
    @Test func theCacheOfServedJSONIsBounded() {
        var store = OrderedStore<Int>()
        let limit = OrderedStore<Int>.cachedJSONLimit
        for index in 0...limit { store[String(index)] = index }
        for index in 0..<limit { _ = store.serializedJSON(String(index)) { JSONValue($0) } }
        #expect(store.cachedJSON("0") != nil)
        #expect(store.cachedJSON(String(limit - 1)) != nil)
        _ = store.serializedJSON(String(limit)) { JSONValue($0) }
        #expect(store.cachedJSON(String(limit)) == Data(String(limit).utf8))
        #expect(store.cachedJSON("0") == nil)
        #expect(store.cachedJSON(String(limit - 1)) == nil)
        #expect(store[String(limit - 1)] == limit - 1)
    }
}
