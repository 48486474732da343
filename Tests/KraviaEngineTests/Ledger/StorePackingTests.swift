import SandboxSupport
import Testing

@testable import KraviaEngine

/// A store of records keeps the last written as they are and has the rest packed (by the `RecordPacker`, whose
/// work each test waits for), and reads every one back as it was written, packed or not.
@Suite struct StorePackingTests {
    static let limit = StorePacking<Transaction>.unpackedLimit

    /// A transaction of its own: ids, amounts, references and events differ from one to the next.
    static func transaction(_ number: Int) -> Transaction {
        var transaction = StoredCodecSamples.transaction
        transaction.id = "T1.t\(number)"
        transaction.amount = 1_000 + number
        transaction.merchantReference = "order-\(number)"
        transaction.events = Array(repeating: StoredCodecSamples.event, count: number % 4)
        transaction.metadata["n"] = .int(Int64(number))
        return transaction
    }

    static func bytes<T: StoredValue>(_ value: T) throws -> [UInt8] { try BinaryEncoder.encode(value) }

    @Test func recordsPastTheLimitArePackedAndReadBackAsWritten() throws {
        var store = OrderedStore<Transaction>()
        let count = Self.limit * 3 + 5
        for number in 0..<count { store["T1.t\(number)"] = Self.transaction(number) }
        RecordPacker.shared.waitUntilIdle()
        #expect(store.packedCount == count - Self.limit)
        for number in 0..<count {
            #expect(try Self.bytes(try #require(store["T1.t\(number)"])) == Self.bytes(Self.transaction(number)))
        }
        #expect(store.all.count == count)
        #expect(store.ids == (0..<count).map { "T1.t\($0)" })
    }

    @Test func aPackedRecordWrittenAgainIsReadAsWrittenAndCopiesStayApart() throws {
        var store = OrderedStore<Transaction>()
        for number in 0..<(Self.limit * 2) { store["T1.t\(number)"] = Self.transaction(number) }
        RecordPacker.shared.waitUntilIdle()
        #expect(store.packedCount == Self.limit)  // T1.t0 among them
        let copy = store
        var changed = try #require(store["T1.t0"])
        changed.amount = 7
        store["T1.t0"] = changed
        store["T1.t1"] = nil
        #expect(store["T1.t0"]?.amount == 7)
        #expect(store["T1.t1"] == nil)
        #expect(copy["T1.t0"]?.amount == 1_000)
        #expect(copy["T1.t1"]?.amount == 1_001)
        #expect(!store.ids.contains("T1.t1"))
    }

    /// A record written again within the limit waits for its newest write to leave the ring before it is packed.
    @Test func aRecordWrittenAgainIsNotPackedWhileRecent() {
        guard Self.limit > 1 else { return }  // with a limit of 1 every write packs the one before it
        var store = OrderedStore<Transaction>()
        for round in 0..<(Self.limit * 4) { store["T1.hot"] = Self.transaction(round) }
        RecordPacker.shared.waitUntilIdle()
        #expect(store.packedCount == 0)
    }

    /// A snapshot writes a packed record's stored bytes as they unpack: the same bytes as the record encoded.
    @Test func aStoreWithPackedRecordsWritesTheBytesOfItsRecords() throws {
        var store = OrderedStore<Transaction>()
        for number in 0..<(Self.limit * 2 + 3) { store["T1.t\(number)"] = Self.transaction(number) }
        RecordPacker.shared.waitUntilIdle()
        #expect(store.packedCount > 0)
        let unpacked = OrderedStore(ids: store.ids, elements: store.all)
        #expect(unpacked.packedCount == 0)
        #expect(try Self.bytes(store) == Self.bytes(unpacked))
        let read = try BinaryDecoder.decode(OrderedStore<Transaction>.self, from: try Self.bytes(store))
        #expect(try read.all.map(Self.bytes) == store.all.map(Self.bytes))
    }

    /// A log replayed at start-up is applied as it is, packing nothing: packing each record again would take
    /// longer than the replay.
    @Test func changesReplayedFromTheLogAreNotPacked() {
        var store = OrderedStore<Transaction>()
        store.apply((0..<(Self.limit * 2)).map { StoredElement(id: "T1.t\($0)", element: Self.transaction($0)) })
        RecordPacker.shared.waitUntilIdle()
        #expect(store.count == Self.limit * 2)
        #expect(store.packedCount == 0)
    }

    @Test func otherElementsAreNeverPacked() {
        var store = OrderedStore<String>()
        for number in 0..<(Self.limit * 2) { store["k\(number)"] = "v\(number)" }
        RecordPacker.shared.waitUntilIdle()
        #expect(store.packedCount == 0)
    }
}
