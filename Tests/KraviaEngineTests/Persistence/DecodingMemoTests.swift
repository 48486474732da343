import SandboxSupport
import Testing

@testable import KraviaEngine

/// A long decode shares equal JSON values instead of building each again, and never mixes up values whose bytes
/// merely look alike.
struct DecodingMemoTests {
    static let configuration: JSONValue = .object([
        "kravia": .object(["invoice_b2b": .object(["enabled": .bool(true), "days_until_due": .int(14)])]),
        "type": .string("payment_type"),
    ])

    /// The values as a stored list, decoded back.
    static func roundTrip(_ values: [JSONValue]) throws -> [JSONValue] {
        let sink = ByteSink()
        try sink.writeList(values)
        return try sink.bytes.withUnsafeBufferPointer { buffer in
            try StoredBlob(buffer: buffer, range: 0..<buffer.count).list(of: JSONValue.self)
        }
    }

    /// The storage of a decoded object, to tell shared values from equal ones.
    static func storage(_ value: JSONValue) -> UnsafeRawPointer? {
        guard case .object(let members) = value else { return nil }
        return unsafeBitCast(members, to: UnsafeRawPointer.self)
    }

    @Test(arguments: [100, 5_000])
    func equalValuesOfALongListShareStorage(count: Int) throws {
        let values = (0..<count).map { index in
            index % 10 == 0 ? JSONValue.object(["reference": .string("order-\(100_000 + index)")]) : Self.configuration
        }
        let decoded = try Self.roundTrip(values)
        #expect(decoded == values)
        let shared = Set(decoded.enumerated().filter { $0.offset % 10 != 0 }.compactMap { Self.storage($0.element) })
        // One per decoding chunk at most (a long list is decoded in chunks, each with its memo).
        #expect(shared.count <= ParallelDecoding.cores * 4)
        let distinct = Set(decoded.enumerated().filter { $0.offset % 10 == 0 }.compactMap { Self.storage($0.element) })
        #expect(distinct.count == count / 10)
    }

    @Test func bytesOfTheSameLengthThatDifferAreDifferentValues() throws {
        let values = (0..<200).map { index in JSONValue.object(["reference": .string("order-\(1_000 + index)")]) }
        #expect(try Self.roundTrip(values + values) == values + values)
    }

    @Test func aShortListDecodesWithoutAMemo() throws {
        let values = Array(repeating: Self.configuration, count: 3)
        let decoded = try Self.roundTrip(values)
        #expect(decoded == values)
        #expect(Set(decoded.compactMap(Self.storage)).count == 3)
    }
}
