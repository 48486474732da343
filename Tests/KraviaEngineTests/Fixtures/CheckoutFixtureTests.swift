import Foundation
import KraviaEngine
import SandboxSupport
import Testing

/// The canonical payloads in `Fixtures/`, produced by the engine under a seed and a frozen clock.
@Suite(.serialized) struct CheckoutFixtureTests {
    static let requests: [(file: String, type: String, billing: JSONValue)] = [
        ("requests/session-create-b2b.json", "kravia.invoice_b2b", Samples.businessAddress),
        ("requests/session-create-b2b-grouped.json", "kravia.invoice_b2b_grouped", Samples.businessAddress),
        ("requests/session-create-b2c.json", "kravia.invoice_b2c", Samples.consumerAddress),
    ]

    /// The session-create bodies for each type, as the seeds write them.
    static func request(for type: String) -> JSONValue {
        let key = String(type.dropFirst("kravia.".count))
        var settings: JSONValue = ["type": "payment_product_type", "enabled": true, "days_until_due": 14]
        if key == "invoice_b2b_grouped" { settings["invoice_schedule"] = ["interval": "monthly"] }
        var body = Samples.sessionProfileBody()
        body["configuration"] = ["kravia": ["type": "payment_type", .init(stringLiteral: key): settings]]
        return body
    }

    @Test func sessionCreateRequestsAreCanonical() {
        for entry in Self.requests { FixtureFile.check(Self.request(for: entry.type), entry.file) }
    }

    @Test func checkoutPayloadsAreReproducedByteForByte() throws {
        var client = EngineClient(sandbox: Sandbox(configuration: .fixtures))
        client.authenticate()
        var transactions: [String: String] = [:]
        for entry in Self.requests {
            let body = FixtureFile.isRecording ? Self.request(for: entry.type) : try FixtureFile.json(entry.file)
            let created = client.send("POST", "/v1/sessions-profile", json: body)
            let sessionId = created.body["id"]?.stringValue ?? ""
            let completed = client.complete(sessionId, type: entry.type, billing: entry.billing)
            transactions[entry.type] = completed.body["transaction"]?["id"]?.stringValue
            if entry.type == "kravia.invoice_b2b" {
                FixtureFile.check(created.body, "responses/session-create.json")
                FixtureFile.check(completed.body, "responses/complete.json")
                FixtureFile.check(client.send("GET", "/v1/sessions/\(sessionId)").body, "responses/session.json")
            }
        }
        let b2b = transactions["kravia.invoice_b2b"] ?? ""
        FixtureFile.check(client.send("GET", "/v1/transactions/\(b2b)").body, "responses/transaction-captured.json")
        let b2c = transactions["kravia.invoice_b2c"] ?? ""
        let partial = client.send(
            "POST", "/v1/transactions/\(b2c)/refund", json: ["amount": 20000, "reason": "One item returned"])
        FixtureFile.check(partial.body, "responses/transaction-partially-refunded.json")
        let grouped = transactions["kravia.invoice_b2b_grouped"] ?? ""
        let full = client.send(
            "POST", "/v1/transactions/\(grouped)/refund", json: ["amount": 50000, "reason": "Customer cancellation"])
        FixtureFile.check(full.body, "responses/transaction-refunded.json")

        var errors: [(String, JSONValue)] = []
        var invalid = Samples.sessionProfileBody()
        invalid["order"]?["currency"] = "kr"
        invalid["url"]?["return_url"] = nil
        errors.append(("errors/validation.json", client.send("POST", "/v1/sessions-profile", json: invalid).body))
        errors.append(
            (
                "errors/refund-exceeds-remaining.json",
                client.send("POST", "/v1/transactions/\(b2c)/refund", json: ["amount": 999_999]).body
            ))
        errors.append(("errors/void-not-supported.json", client.send("POST", "/v1/transactions/\(b2b)/void").body))
        errors.append(
            (
                "errors/session-already-paid.json",
                client.send(
                    "POST",
                    "/v1/sessions/\(client.send("GET", "/v1/transactions/\(b2b)").body["session_id"]?.stringValue ?? "")/cancel"
                ).body
            ))
        errors.append(
            ("errors/not-found.json", client.send("GET", "/v1/transactions/T12345678.1111111111111111111111").body))
        var anonymous = client
        anonymous.token = nil
        errors.append(("errors/unauthorized.json", anonymous.send("GET", "/v1/transactions").body))
        for (file, body) in errors { FixtureFile.check(body, file) }
    }
}
