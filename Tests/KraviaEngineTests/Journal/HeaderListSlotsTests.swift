import SandboxHTTP
import Testing

@testable import KraviaEngine

/// The writer memos' slots: two lists that meet in one set are both remembered, a third in it pushes out the one
/// remembered first, and forgetting lets go of every value.
struct HeaderListSlotsTests {
    private final class Value {
        let name: String
        init(_ name: String) { self.name = name }
    }

    /// Three lists whose storage falls in one set (by pigeonhole: more lists than two per set), each held in
    /// `bySet` until the three are found, so that no storage is freed and reused by the next.
    private func threeListsInOneSet() -> [HTTPHeaders] {
        var bySet: [Int: [HTTPHeaders]] = [:]
        for index in 0...(2 * HeaderListSlots<Value>.setCount) {
            let list: HTTPHeaders = ["X-Index": "\(index)"]
            let set = HeaderListSlots<Value>.set(of: list.storageAddress!)
            bySet[set, default: []].append(list)
            if bySet[set]!.count == 3 { return bySet[set]! }
        }
        Issue.record("no three lists met in one set")
        return []
    }

    @Test func twoListsInOneSetAreBothRememberedAndAThirdPushesOutTheFirst() throws {
        let lists = threeListsInOneSet()
        try #require(lists.count == 3)
        let (first, second, third) = (lists[0], lists[1], lists[2])
        let slots = HeaderListSlots<Value>()
        slots.remember(Value("first"), for: first)
        slots.remember(Value("second"), for: second)
        #expect(slots.value(for: first)?.name == "first")
        #expect(slots.value(for: second)?.name == "second")
        // The first, now in the older slot, takes a new value where it is; the second keeps its own.
        slots.remember(Value("first again"), for: first)
        #expect(slots.value(for: first)?.name == "first again")
        #expect(slots.value(for: second)?.name == "second")
        slots.remember(Value("third"), for: third)
        #expect(slots.value(for: first) == nil)
        #expect(slots.value(for: second)?.name == "second")
        #expect(slots.value(for: third)?.name == "third")
        // A list not remembered, an empty list.
        #expect(slots.value(for: ["X-Index": "other"]) == nil)
        slots.remember(Value("empty"), for: HTTPHeaders())
        #expect(slots.value(for: HTTPHeaders()) == nil)
    }

    @Test func forgettingLetsGoOfEveryValue() {
        let slots = HeaderListSlots<Value>()
        let list: HTTPHeaders = ["Host": "h"]
        weak var remembered: Value?
        do {
            let value = Value("remembered")
            remembered = value
            slots.remember(value, for: list)
        }
        #expect(remembered != nil)
        slots.removeAll()
        #expect(remembered == nil)
        #expect(slots.value(for: list) == nil)
    }
}
