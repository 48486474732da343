import Foundation
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The storage format's coder: values come back as they went in, newer writers' members are skipped, older
/// writers' missing members read as absent, damage throws.
struct BinaryCodingTests {
    struct Old: Codable, Equatable {
        var name: String
        var count: Int
    }

    struct New: Codable, Equatable {
        var name: String
        var count: Int
        var added: String?
        var tags: [String]?
    }

    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        case named(String, Int)
        case empty
    }

    struct Everything: Codable, Equatable {
        var text = "smørbrød ✓"
        var numbers: [Int] = [0, -1, .max, .min]
        var small: [Int8] = [-128, 127]
        var unsigned: UInt64 = .max
        var flag = true
        var real = 3.25
        var optionals: [String?] = ["a", nil, "c"]
        var nested: [[String]] = [[], ["x"]]
        var byKey: [String: Int] = ["a": 1, String(repeating: "k", count: 300): 2]
        var byNumber: [Int: String] = [3: "three"]
        var shapes: [Shape] = [.circle(radius: 2), .named("n", 4), .empty]
        var json: JSONValue = ["a": [1, .double(2.5), "x", true, nil], "b": ["c": [:]]]
        var instant = Timestamp(milliseconds: -5)
        var data = Data([0, 255, 7])
        var range = CivilDate(year: 2027, month: 1, day: 1)...CivilDate(year: 2027, month: 1, day: 31)
        var metadata: JSONObject = ["k": "v", "n": 2]
        var names: [String] = ["", "one", "två"]
        var missing: String?
    }

    @Test func everyKindOfValueComesBack() throws {
        let value = Everything()
        let back = try BinaryDecoder.decode(Everything.self, from: BinaryEncoder.encode(value))
        #expect(back == value)
    }

    @Test func aNewerWritersMembersAreSkippedAndAnOlderWritersMissingOnesAreAbsent() throws {
        let new = New(name: "n", count: 2, added: "later", tags: ["t"])
        #expect(try BinaryDecoder.decode(Old.self, from: BinaryEncoder.encode(new)) == Old(name: "n", count: 2))
        let old = Old(name: "o", count: 1)
        #expect(
            try BinaryDecoder.decode(New.self, from: BinaryEncoder.encode(old))
                == New(name: "o", count: 1, added: nil, tags: nil))
    }

    @Test func cutOrDamagedBytesThrowInsteadOfTrapping() throws {
        let bytes = try BinaryEncoder.encode(Everything())
        for length in stride(from: 0, to: bytes.count, by: 7) {
            _ = try? BinaryDecoder.decode(Everything.self, from: Array(bytes.prefix(length)))
        }
        var damaged = bytes
        for index in stride(from: 0, to: damaged.count, by: 5) {
            damaged[index] ^= 0xA5
            _ = try? BinaryDecoder.decode(Everything.self, from: damaged)
        }
        #expect(throws: (any Error).self) { try BinaryDecoder.decode(Everything.self, from: Array(bytes.prefix(10))) }
    }
}
