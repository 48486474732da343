import Foundation
import SandboxHTTP
import SandboxSupport

/// The body of `GET /__sandbox/health`, the call every test harness polls until the sandbox is up: the members
/// that never change while it runs (status, version, the loaded scenarios, the journal's limit and file) rendered
/// once, the journal's counts and data written per request around them, as bytes, and the Kravia lifecycles
/// rendered again only when the ledger's books changed. The bytes are those of the whole document serialised at
/// once: members in byte order, compact.
struct HealthDocument: Sendable {
    /// `,"file":…,"file_error":…,"limit":…}`: the journal's members after its counts.
    private let journalTail: [UInt8]
    /// `,"scenarios":…,"status":"ready","version":"…"}`: everything after the last changing member.
    private let fixedTail: [UInt8]
    /// The sandbox's Kravia lifecycle, for accounts without their own.
    private let defaultLifecycle: String
    /// `,"kravia_lifecycle":{…}` and the fixed tail, with the books' revision it was rendered at.
    private let lifecyclesTail = Locked<(revision: UInt64, bytes: [UInt8])?>(nil)

    init(
        scenarios: [Scenario], version: String, defaultLifecycle: String, journalFile: String?,
        journalFileError: String?, journalLimit: Int?
    ) {
        self.defaultLifecycle = defaultLifecycle
        var journal = Array(#","file":"#.utf8)
        JSONSerializer.append(journalFile.map(JSONValue.string) ?? .null, to: &journal)
        journal += #","file_error":"#.utf8
        JSONSerializer.append(journalFileError.map(JSONValue.string) ?? .null, to: &journal)
        journal += #","limit":"#.utf8
        JSONSerializer.append(journalLimit.map { .int(Int64($0)) } ?? .null, to: &journal)
        journal.append(UInt8(ascii: "}"))
        journalTail = journal
        // A broken scenario file stops the server at start, so a running sandbox has none to report.
        let loaded = JSONValue.array(scenarios.map { ["name": .string($0.name), "source": .string($0.source)] })
        var tail = Array(#","scenarios":"#.utf8)
        JSONSerializer.append(["loaded": loaded, "errors": []], to: &tail)
        tail += #","status":"ready","version":"#.utf8
        JSONSerializer.append(.string(version), to: &tail)
        tail.append(UInt8(ascii: "}"))
        fixedTail = tail
    }

    /// The document with the changing members as they stand.
    /// - Parameters:
    ///   - data: the durable state's member (`null` in memory).
    ///   - journalEntries: entries held, and `journalDropped`, entries dropped past the limit.
    ///   - lifecycles: the document's end, from `lifecycles(revision:accounts:)`.
    func render(data: JSONValue, journalEntries: Int, journalDropped: Int, lifecycles: [UInt8]) -> Data {
        var dataMember: [UInt8] = []
        if case .null = data {
            dataMember = Self.null
        } else {
            JSONSerializer.append(data, to: &dataMember)
        }
        let droppedDigits = ByteWriter.decimalDigits(journalDropped)
        let entriesDigits = ByteWriter.decimalDigits(journalEntries)
        let count =
            Self.opening.utf8CodeUnitCount + dataMember.count + Self.dropped.utf8CodeUnitCount + droppedDigits
            + Self.entries.utf8CodeUnitCount + entriesDigits + journalTail.count + lifecycles.count
        // Measured, then written in place into memory the body then owns: made in an array and copied, it was two
        // allocations more; `Data(count:)` zeroed it first and cost more than the copy.
        let bytes = malloc(count)!.bindMemory(to: UInt8.self, capacity: count)
        var writer = ByteWriter(UnsafeMutableBufferPointer(start: bytes, count: count))
        writer.writeLiteral(Self.opening)
        writer.write(dataMember)
        writer.writeLiteral(Self.dropped)
        writer.writeDecimal(journalDropped, digits: droppedDigits)
        writer.writeLiteral(Self.entries)
        writer.writeDecimal(journalEntries, digits: entriesDigits)
        writer.write(journalTail)
        writer.write(lifecycles)
        return Data(bytesNoCopy: bytes, count: count, deallocator: .free)
    }

    /// `body`, a rendering of this document, as the journal keeps it: its changing start, and the end it shares with
    /// the other renderings since the books last changed (nil when that end is no longer the cached one).
    func parts(of body: Data) -> ExchangeRecord.ResponseParts? {
        guard let tail = lifecyclesTail.withLock({ $0?.bytes }), !tail.isEmpty, body.count > tail.count else {
            return nil
        }
        let headCount = body.count - tail.count
        let endsWithTail = body.withUnsafeBytes { bytes in
            tail.withUnsafeBytes { memcmp(bytes.baseAddress! + headCount, $0.baseAddress!, tail.count) == 0 }
        }
        guard endsWithTail else { return nil }
        return ExchangeRecord.ResponseParts(head: Array(body.prefix(headCount)), sharedTail: tail)
    }

    private static let opening: StaticString = #"{"data":"#
    private static let dropped: StaticString = #","journal":{"dropped":"#
    private static let entries: StaticString = #","entries":"#
    /// The data member of a sandbox in memory.
    private static let null = Array("null".utf8)

    /// The document's end from the Kravia lifecycles on: the cached bytes while the books are at the `revision`
    /// they were rendered at, else rendered from `accounts` (each account's lifecycle, sorted by account).
    func lifecycles(revision: UInt64, accounts: () -> [(account: String, lifecycle: String)]) -> [UInt8] {
        lifecyclesTail.withLock { cached in
            if let cached, cached.revision == revision { return cached.bytes }
            var out = Array(#","kravia_lifecycle":{"accounts":{"#.utf8)
            for (index, entry) in accounts().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONSerializer.append(.string(entry.account), to: &out)
                out.append(UInt8(ascii: ":"))
                JSONSerializer.append(.string(entry.lifecycle), to: &out)
            }
            out += #"},"default":"#.utf8
            JSONSerializer.append(.string(defaultLifecycle), to: &out)
            out.append(UInt8(ascii: "}"))
            out += fixedTail
            cached = (revision, out)
            return out
        }
    }
}
