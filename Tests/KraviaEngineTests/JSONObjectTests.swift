import SandboxSupport
import Testing

/// `JSONObject` reads like the dictionary it replaced: members sorted byte-wise, one per key, the last of a
/// repeated key kept, lookups, assignment, removal, merging, and the serialiser's bytes in key order.
@Suite struct JSONObjectTests {
    @Test func membersAreSortedByBytesAndTheLastOfARepeatedKeyCounts() throws {
        let parsed = try JSONParser.parse(Array(#"{"b": 1, "a": 2, "Z": 3, "é": 4, "b": 5, "a": 6}"#.utf8))
        guard case .object(let object) = parsed else { Issue.record("not an object"); return }
        #expect(Array(object.keys) == ["Z", "a", "b", "é"])
        #expect(object["a"] == 6)
        #expect(object["b"] == 5)
        #expect(JSONSerializer.string(parsed) == #"{"Z":3,"a":6,"b":5,"é":4}"#)
    }

    @Test func assignmentInsertsInOrderReplacesAndRemoves() {
        var object: JSONObject = ["m": 1]
        object["z"] = 2
        object["a"] = 3
        object["m"] = 4
        #expect(Array(object.keys) == ["a", "m", "z"])
        #expect(object["m"] == 4)
        object["m"] = nil
        object["absent"] = nil
        #expect(Array(object.keys) == ["a", "z"])
        #expect(object.removeValue(forKey: "a") == 3)
        #expect(object.updateValue(5, forKey: "z") == 2)
        #expect(object == ["z": 5])
        #expect(object["missing"] == nil)
    }

    @Test func mergingWalksBothInOrder() {
        let base: JSONObject = ["a": 1, "c": 3, "e": 5]
        let top: JSONObject = ["b": 20, "c": 30, "f": 60]
        let merged = base.merging(top) { old, new in .array([old, new]) }
        #expect(Array(merged.keys) == ["a", "b", "c", "e", "f"])
        #expect(merged["c"] == [3, 30])
        #expect(JSONObject().merging(top) { $1 } == top)
        #expect(base.merging(JSONObject()) { $1 } == base)
    }

    @Test func nestedObjectsMergeMemberByMember() {
        let base: JSONValue = ["order": ["amount": 100, "currency": "NOK"], "keep": true]
        let override: JSONValue = ["order": ["amount": 200, "vat": 25], "new": .null]
        #expect(
            base.merging(override) == [
                "order": ["amount": 200, "currency": "NOK", "vat": 25], "keep": true, "new": .null,
            ])
    }

    @Test func equalityIgnoresTheOrderMembersWereGivenIn() {
        let one = JSONObject(unsorted: [(key: "x", value: 1), (key: "y", value: 2)])
        let other = JSONObject(unsorted: [(key: "y", value: 2), (key: "x", value: 1)])
        #expect(one == other)
        #expect(one != ["x": 1, "y": 3])
        #expect(one.dictionary == ["x": 1, "y": 2])
        #expect(one.mapValues { _ in JSONValue.null } == ["x": .null, "y": .null])
        #expect(one.compactMapValues { $0 == 1 ? JSONValue?.none : $0 } == ["y": 2])
        #expect(one.filter { $0.key == "x" } == ["x": 1])
    }

    /// A body of many members in reverse order parses in one sort, not an insertion per member.
    @Test func manyMembersInReverseOrderParse() throws {
        let count = 50_000
        let members = (0..<count).reversed().map { #""k\#(String(format: "%06d", $0))": \#($0)"# }
        let parsed = try JSONParser.parse(Array(("{" + members.joined(separator: ",") + "}").utf8))
        guard case .object(let object) = parsed else { Issue.record("not an object"); return }
        #expect(object.count == count)
        #expect(object.first?.key == "k000000")
        #expect(object["k049999"] == 49_999)
    }
}
