import Foundation
import SandboxSupport

/// The body of `GET /__sandbox/health`, the call every test harness polls until the sandbox is up: the members
/// that never change while it runs (status, version, the loaded scenarios, the journal's limit and file) rendered
/// once, the others (data, the journal's counts, Kravia lifecycles) written per request around them, as bytes.
/// The bytes are those of the whole document serialised at once: members in byte order, compact.
struct HealthDocument: Sendable {
    /// `,"file":…,"file_error":…,"limit":…}`: the journal's members after its counts.
    private let journalTail: [UInt8]
    /// `,"scenarios":…,"status":"ready","version":"…"}`: everything after the last changing member.
    private let fixedTail: [UInt8]

    init(scenarios: [Scenario], version: String, journalFile: String?, journalFileError: String?, journalLimit: Int?) {
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
    ///   - defaultLifecycle: the sandbox's Kravia lifecycle; `accountLifecycles` each account's, sorted by account.
    func render(
        data: JSONValue, journalEntries: Int, journalDropped: Int, defaultLifecycle: String,
        accountLifecycles: [(account: String, lifecycle: String)]
    ) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(256 + 32 * accountLifecycles.count + fixedTail.count)
        out += #"{"data":"#.utf8
        JSONSerializer.append(data, to: &out)
        out += #","journal":{"dropped":"#.utf8
        out.appendDecimal(journalDropped)
        out += #","entries":"#.utf8
        out.appendDecimal(journalEntries)
        out += journalTail
        out += #","kravia_lifecycle":{"accounts":{"#.utf8
        for (index, entry) in accountLifecycles.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONSerializer.append(.string(entry.account), to: &out)
            out.append(UInt8(ascii: ":"))
            JSONSerializer.append(.string(entry.lifecycle), to: &out)
        }
        out += #"},"default":"#.utf8
        JSONSerializer.append(.string(defaultLifecycle), to: &out)
        out.append(UInt8(ascii: "}"))
        out += fixedTail
        return Data(out)
    }
}
