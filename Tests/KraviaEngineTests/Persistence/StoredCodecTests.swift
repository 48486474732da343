import Foundation
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The hand-written codecs (`StoredValue`) write the very bytes the `Codable` path writes and read what either
/// wrote, so a folder written before them — or by a cold type's `Codable` — reads the same.
struct StoredCodecTests {
    /// The log records and the snapshot of a day's work: accounts, profiles, checkouts, refunds, payments,
    /// webhooks, callbacks delivered, settlements run.
    static func dayOfWork() throws -> (records: [LogRecord], snapshot: SnapshotImage) {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var configuration = SandboxConfiguration.durable(folder)
        configuration.snapshotThreshold = .max
        var client = EngineClient(sandbox: try Sandbox(opening: configuration))
        client.authenticate()
        _ = DurableSandboxTests.firstHalf(&client)
        #expect(client.sandbox.deliverDueCallbacks())
        _ = DurableSandboxTests.secondHalf(&client)
        #expect(client.sandbox.deliverDueCallbacks())
        var records: [LogRecord] = []
        for path in folder.logFiles {
            let bytes = try #require(try DataFile.read(path))
            _ = try LogSegment.read(bytes, path: path, isLast: true) { records.append($0) }
        }
        try client.sandbox.writeSnapshot()
        let snapshotPath = folder.file(SnapshotFile.name)
        let snapshot = try SnapshotFile.decode(try #require(try DataFile.read(snapshotPath)), path: snapshotPath)
        client.sandbox.shutdown()
        return (records, snapshot)
    }

    @Test func bothPathsWriteTheSameBytesAndReadEachOther() throws {
        let (records, snapshot) = try Self.dayOfWork()
        #expect(records.count > 20)
        #expect(
            records.contains { record in
                guard case .changes(let changes) = record.ledger else { return false }
                return changes.books.contains { change in
                    guard case .changed(let delta) = change else { return false }
                    return delta.deliveries.contains { $0.element?.attempts.isEmpty == false }
                }
            })
        for record in records { try Self.expectSameOnBothPaths(record) }
        try Self.expectSameOnBothPaths(snapshot)
        #expect(snapshot.ledger.books.contains { !$0.invoices.all.isEmpty && !$0.settlements.all.isEmpty })
    }

    @Test func everyMemberOfEveryHotTypeGoesThroughBothPaths() throws {
        try Self.expectSameOnBothPaths(StoredCodecSamples.record)
        try Self.expectSameOnBothPaths(StoredCodecSamples.session)
        try Self.expectSameOnBothPaths(StoredCodecSamples.transaction)
        try Self.expectSameOnBothPaths(StoredCodecSamples.invoice)
        try Self.expectSameOnBothPaths(StoredCodecSamples.delivery)
        for job in StoredCodecSamples.jobs { try Self.expectSameOnBothPaths(job) }
    }

    /// The samples leave no member unset (cold types' values aside), so a member added to a hot type fails here
    /// until the sample — and with it the byte comparison — covers it.
    @Test func theSamplesSetEveryMember() {
        var unset: Set<String> = []
        var set: Set<String> = []
        func walk(_ value: Any) {
            let mirror = Mirror(reflecting: value)
            for child in mirror.children {
                guard let label = child.label else {
                    walk(child.value)
                    continue
                }
                let name = "\(mirror.subjectType).\(label)"
                let member = Mirror(reflecting: child.value)
                let isEmpty =
                    [.optional, .collection, .dictionary, .set].contains(member.displayStyle) && member.children.isEmpty
                if isEmpty { unset.insert(name) } else { set.insert(name) }
                if !isEmpty { walk(child.value) }
            }
        }
        walk(StoredCodecSamples.record)
        let coldOrByDesign: Set<String> = [
            "BookParts.account", "StoredElement<Settlement>.element", "StoredElement<WebhookSubscription>.element",
            "StoredElement<ReportConfiguration>.element",
        ]
        #expect(unset.subtracting(set).subtracting(coldOrByDesign).sorted() == [])
    }

    @Test func aMemberOfANewerWriterIsSkippedAndOneAnOlderDidNotWriteIsAbsent() throws {
        let event = TransactionEvent(
            id: "e1", event: .refund, transactionStatus: .partiallyRefunded, success: true, amount: 500,
            createdAt: Timestamp(milliseconds: 1_000), requestId: "r1", metadata: ["note": "kept"])
        let newer = ByteSink()
        try event.write(to: newer)
        try newer.write("writtenLater", "a member this reader does not know")
        let read = try BinaryDecoder.decode(TransactionEvent.self, from: newer.bytes)
        #expect(try Self.json(read) == Self.json(event))

        let older = ByteSink()
        try older.write("id", "e2")
        try older.write("event", TransactionEventKind.capture)
        try older.write("transactionStatus", TransactionStatus.captured)
        try older.write("success", true)
        try older.write("createdAt", Timestamp(milliseconds: 2_000))
        try older.write("requestId", "r2")
        let old = try BinaryDecoder.decode(TransactionEvent.self, from: older.bytes)
        #expect(old.metadata.isEmpty && old.settlements.isEmpty && old.amount == nil && old.id == "e2")

        let missing = ByteSink()
        try missing.write("id", "e3")
        #expect(throws: BinaryDecodingError.self) {
            try BinaryDecoder.decode(TransactionEvent.self, from: missing.bytes)
        }
    }

    @Test func damagedRecordsThrowAndNeverTrap() throws {
        let (records, _) = try Self.dayOfWork()
        let largest = try #require(records.max { try! Self.handBytes($0).count < Self.handBytes($1).count })
        let bytes = try Self.handBytes(largest)
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            _ = try? BinaryDecoder.decode(LogRecord.self, from: Array(bytes.prefix(length)))
        }
        var generator = SeededRandom(seed: 17)
        for _ in 0..<400 {
            var damaged = bytes
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? BinaryDecoder.decode(LogRecord.self, from: damaged)
        }
        #expect(throws: (any Error).self) { try BinaryDecoder.decode(LogRecord.self, from: Array(bytes.prefix(9))) }
    }

    /// Both writers give the same bytes; each reader reads them to the same value.
    static func expectSameOnBothPaths<T: StoredValue>(_ value: T) throws {
        let hand = try handBytes(value)
        let codable = try codableBytes(value)
        let differsAt =
            hand.indices.first { $0 >= codable.count || hand[$0] != codable[$0] }
            ?? (hand.count == codable.count ? nil : hand.count)
        #expect(differsAt == nil, "\(T.self): the two paths wrote different bytes from offset \(differsAt ?? 0)")
        let readByHand = try BinaryDecoder.decode(T.self, from: codable)
        let readByCodable = try codableDecode(T.self, from: hand)
        #expect(try json(readByHand) == json(readByCodable), "\(T.self): the two paths read different values")
        #expect(try json(readByHand) == json(value))
    }

    static func handBytes<T: StoredValue>(_ value: T) throws -> [UInt8] { try BinaryEncoder.encode(value) }

    /// Through `Codable`: a caller that only knows `Encodable` takes the generic path.
    static func codableBytes<T: Encodable>(_ value: T) throws -> [UInt8] { try BinaryEncoder.encode(value) }

    static func codableDecode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try BinaryDecoder.decode(type, from: bytes)
    }

    /// A canonical rendering to compare values without `Equatable`: JSON with sorted keys, and the payment
    /// types of a Kravia configuration (a dictionary keyed by an enum, which `Codable` writes as a list of key,
    /// value pairs in the dictionary's own order) sorted too.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let parsed = try JSONSerialization.jsonObject(with: try encoder.encode(value), options: [.fragmentsAllowed])
        let canonical = try JSONSerialization.data(
            withJSONObject: sortingPaymentTypes(parsed), options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: canonical, as: UTF8.self)
    }

    private static func sortingPaymentTypes(_ value: Any) -> Any {
        if let list = value as? [Any] { return list.map(sortingPaymentTypes) }
        guard var object = value as? [String: Any] else { return value }
        for (key, member) in object { object[key] = sortingPaymentTypes(member) }
        if let types = object["types"] as? [Any], types.count % 2 == 0 {
            let pairs = stride(from: 0, to: types.count, by: 2).map { (types[$0], types[$0 + 1]) }
            object["types"] = pairs.sorted { "\($0.0)" < "\($1.0)" }.flatMap { [$0.0, $0.1] }
        }
        return object
    }
}
