import Foundation
import SandboxSupport

/// The body of `GET /__sandbox/health`, the call every test harness polls until the sandbox is up: the members
/// that never change while it runs (status, version, the loaded scenarios) rendered once, the others (data,
/// journal, Kravia lifecycles) rendered per request around them. The bytes are those of the whole document
/// serialised at once: members in byte order, compact.
struct HealthDocument: Sendable {
    /// `,"scenarios":…,"status":"ready","version":"…"}`: everything after the last changing member.
    private let fixedTail: [UInt8]

    init(scenarios: [Scenario], version: String) {
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
    func render(data: JSONValue, journal: JSONValue, kraviaLifecycle: JSONValue) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(256 + fixedTail.count)
        out += #"{"data":"#.utf8
        JSONSerializer.append(data, to: &out)
        out += #","journal":"#.utf8
        JSONSerializer.append(journal, to: &out)
        out += #","kravia_lifecycle":"#.utf8
        JSONSerializer.append(kraviaLifecycle, to: &out)
        out += fixedTail
        return Data(out)
    }
}
