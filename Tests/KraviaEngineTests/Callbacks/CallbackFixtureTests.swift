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
        ("authorized-post-body.json", { sentBody(authorizedCallback(event: nil)) }),
        (
            "authorized-paid-get-url.txt",
            { Data((authorizedCallback(event: "CAPTURE", method: "GET")["url"]?.stringValue ?? "").utf8 + [0x0A]) }
        ),
        ("authorized-paid-post-body.json", { sentBody(authorizedCallback(event: "CAPTURE", method: "POST")) }),
        (
            "voided-get-url.txt",
            { Data((authorizedCallback(event: "VOID", method: "GET")["url"]?.stringValue ?? "").utf8 + [0x0A]) }
        ),
        ("voided-post-body.json", { sentBody(authorizedCallback(event: "VOID", method: "POST")) }),
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

    /// Today's model (`authorized`): the creation callback (event nil), the CAPTURE callback once the customer
    /// paid in full, or the VOID callback.
    static func authorizedCallback(event: String?, method: String = "POST") -> JSONValue {
        var configuration = SandboxConfiguration.testingCallbacks()
        configuration.kraviaLifecycle = .authorized
        let client = EngineClient.authenticated(configuration)
        var url = merchantURL
        if method == "POST" { url += "&method=POST" }
        if let event { url += "&report_event=" + event }
        let (_, transactionId) = client.checkout(callbackURL: url, scenario: "unpaid")
        switch event {
        case "CAPTURE":
            let number = client.transaction(transactionId).invoiceNumber
            _ = client.pay(number, 50000)
        case "VOID": _ = client.send("POST", "/v1/transactions/\(transactionId)/void")
        default: break
        }
        let deliveries = client.deliveries("transaction_id=\(transactionId)")
        return (event.map { name in deliveries.last { $0["event"] == .string(name) } } ?? deliveries.first) ?? .null
    }

    /// The callback's body as the merchant receives it.
    static func sentBody(_ delivery: JSONValue) -> Data {
        Data((delivery["body"]?.stringValue ?? "").utf8)
    }
}
