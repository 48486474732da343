import Foundation
import KraviaEngine
import SandboxSupport
import Testing

/// Golden callbacks in `Fixtures/callbacks/`, produced by the engine with `.testing()` (seed 42, frozen clock)
/// and compared byte for byte. Re-record after an intended change with
/// `KRAVIA_RECORD_FIXTURES=1 swift test --filter CallbackFixtureTests`, then review the diff.
@Suite struct CallbackFixtureTests {
    /// The merchant's callback URL; Dintero's parameters are added to it.
    static let merchantURL = "http://127.0.0.1:8080/dintero/callback?shop=nordmann"

    /// (file name, how the sandbox produces it)
    static let fixtures: [(String, @Sendable () -> Data)] = [
        (
            "captured-get-url.txt",
            { Data((callback(method: "GET", refunded: false)["url"]?.stringValue ?? "").utf8 + [0x0A]) }
        ),
        ("captured-post-body.json", { prettyBody(callback(method: "POST", refunded: false)) }),
        (
            "refunded-get-url.txt",
            { Data((callback(method: "GET", refunded: true)["url"]?.stringValue ?? "").utf8 + [0x0A]) }
        ),
        ("refunded-post-body.json", { prettyBody(callback(method: "POST", refunded: true)) }),
    ]

    @Test(arguments: fixtures.map(\.0))
    func matchesTheRecordedFixture(name: String) throws {
        let produced = try #require(Self.fixtures.first { $0.0 == name }).1()
        let file = Self.directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["KRAVIA_RECORD_FIXTURES"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try produced.write(to: file)
        }
        let recorded = try Data(contentsOf: file)
        #expect(recorded == produced, "\(name) differs; re-record with KRAVIA_RECORD_FIXTURES=1 if intended")
    }

    @Test func regeneratingGivesTheSameBytes() {
        for (_, produce) in Self.fixtures { #expect(produce() == produce()) }
    }

    /// `<package>/Fixtures/callbacks`, found from this file's path.
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/callbacks")
    }

    /// The creation callback of a captured transaction, or the REFUND callback after a full refund.
    static func callback(method: String, refunded: Bool) -> JSONValue {
        let client = EngineClient.authenticated()
        var url = merchantURL
        if method == "POST" { url += "&method=POST" }
        if refunded { url += "&report_event=REFUND" }
        let (_, transactionId) = client.checkout(callbackURL: url)
        if refunded { _ = client.send("POST", "/v1/transactions/\(transactionId)/refund", json: ["amount": 50000]) }
        let deliveries = client.deliveries("transaction_id=\(transactionId)")
        return (refunded ? deliveries.last { $0["event"] == "REFUND" } : deliveries.first) ?? .null
    }

    static func prettyBody(_ delivery: JSONValue) -> Data {
        let body = (try? JSONParser.parse(Data((delivery["body"]?.stringValue ?? "").utf8))) ?? .null
        var data = JSONSerializer.prettyData(body)
        if data.last != 0x0A { data.append(0x0A) }
        return data
    }
}
