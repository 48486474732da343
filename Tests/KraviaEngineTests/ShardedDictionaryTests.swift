import KraviaEngine
import SandboxSupport
import Testing

/// A sharded dictionary answers as a plain one through its spread, spreads ids evenly, and copies stay apart.
struct ShardedDictionaryTests {
    typealias Sharded = ShardedDictionary<Int>

    @Test(arguments: [1, 2, 3])
    func answersAsADictionaryThroughItsSpread(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var sharded = Sharded()
        var plain: [String: Int] = [:]
        let keys = (0..<(Sharded.spreadThreshold * 3)).map { "T12345678.\($0 * 7_919)" }
        for step in 0..<(keys.count * 3) {
            let key = keys[Int(random.uniform(below: UInt64(min(keys.count, step / 2 + 10))))]
            let value: Int? = random.uniform(below: 4) == 0 ? nil : step
            #expect(sharded.updateValue(value, forKey: key) == plain[key])
            plain[key] = value
            #expect(sharded.count == plain.count)
        }
        #expect(sharded.shardSizes.count == Sharded.shardCount)
        for key in keys { #expect(sharded[key] == plain[key]) }
        #expect(sharded.values.sorted() == plain.values.sorted())
    }

    @Test func spreadsCheckoutIdsEvenly() {
        let ids = IdentifierGenerator(seed: 5)
        var sharded = Sharded()
        for index in 0..<(Sharded.spreadThreshold * 8) { sharded[ids.checkoutId(account: "T12345678")] = index }
        let sizes = sharded.shardSizes
        let mean = sharded.count / Sharded.shardCount
        #expect(sizes.count == Sharded.shardCount)
        #expect(sizes.allSatisfy { $0 > mean * 3 / 4 && $0 < mean * 5 / 4 }, "\(sizes)")
    }

    @Test func staysOneDictionaryBelowItsThreshold() {
        var sharded = Sharded(minimumCapacity: 10)
        for index in 0..<(Sharded.spreadThreshold - 1) { sharded["\(index)"] = index }
        #expect(sharded.shardSizes == [Sharded.spreadThreshold - 1])
        sharded["last"] = 0
        #expect(sharded.shardSizes.count == Sharded.shardCount)
        #expect(Sharded(minimumCapacity: Sharded.spreadThreshold).shardSizes.count == Sharded.shardCount)
    }

    @Test func copiesStayApart() {
        var sharded = Sharded()
        for index in 0..<Sharded.spreadThreshold { sharded["\(index)"] = index }
        let copy = sharded
        sharded["1"] = nil
        sharded["new"] = 7
        #expect(copy["1"] == 1 && copy["new"] == nil && copy.count == Sharded.spreadThreshold)
        #expect(sharded["1"] == nil && sharded["new"] == 7 && sharded.count == Sharded.spreadThreshold)
    }
}
