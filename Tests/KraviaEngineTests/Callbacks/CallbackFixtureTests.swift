import Foundation
import KraviaEngine
import SandboxSupport
import Testing

/// Golden callbacks in `Fixtures/callbacks/`, produced by the engine with `.testing()` (seed 42, frozen clock)
/// and compared byte for byte: the GET callback's URL (one line), and the POST callback's body exactly as sent,
/// with a pretty copy under `Fixtures/pretty/callbacks/`. Re-record after an intended change with
/// `KRAVIA_RECORD_FIXTURES=1 swift test --filter Fixture`, then review the diff.
@Suite struct CallbackFixtureTests {
    /// The merchant's callback URL; Dintero's parameters are added to it.
    static let merchantURL = "http://127.0.0.1:8080/dintero/callback?shop=nordmann"

    /// (file name, how the sandbox produces it)
    static let fixtures: [(String, @Sendable () -> Data)] = [
        (
            "captured-get-url.txt",
            { Data((callback(method: "GET", refunded: false)["url"]?.stringValue ?? "").utf8 + [0x0A]) }
        ),
        ("captured-post-body.json", { sentBody(callback(method: "POST", refunded: false)) }),
        (
            "refunded-get-url.txt",
            { Data((callback(method: "GET", refunded: true)["url"]?.stringValue ?? "").utf8 + [0x0A]) }
        ),
        ("refunded-post-body.json", { sentBody(callback(method: "POST", refunded: true)) }),
    ]

    @Test(arguments: fixtures.map(\.0))
    func matchesTheRecordedFixture(name: String) throws {
        let produced = try #require(Self.fixtures.first { $0.0 == name }).1()
        if name.hasSuffix(".json") {
            FixtureFile.checkWire(produced, "callbacks/" + name)
        } else {
            FixtureFile.check(produced, "callbacks/" + name)
        }
    }

    @Test func regeneratingGivesTheSameBytes() {
        for (_, produce) in Self.fixtures { #expect(produce() == produce()) }
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

    /// The callback's body as the merchant receives it.
    static func sentBody(_ delivery: JSONValue) -> Data {
        Data((delivery["body"]?.stringValue ?? "").utf8)
    }
}
