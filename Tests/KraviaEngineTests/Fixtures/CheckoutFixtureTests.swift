import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// The canonical payloads in `Fixtures/`, produced by the engine under a seed and a frozen clock: responses and
/// errors as the exact bytes of the response body, with a pretty copy under `Fixtures/pretty/`.
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
                FixtureFile.check(created.response, "responses/session-create.json")
                FixtureFile.check(completed.response, "responses/complete.json")
                FixtureFile.check(client.send("GET", "/v1/sessions/\(sessionId)").response, "responses/session.json")
            }
        }
        let b2b = transactions["kravia.invoice_b2b"] ?? ""
        FixtureFile.check(client.send("GET", "/v1/transactions/\(b2b)").response, "responses/transaction-captured.json")
        let b2c = transactions["kravia.invoice_b2c"] ?? ""
        let partial = client.send(
            "POST", "/v1/transactions/\(b2c)/refund", json: ["amount": 20000, "reason": "One item returned"])
        FixtureFile.check(partial.response, "responses/transaction-partially-refunded.json")
        let grouped = transactions["kravia.invoice_b2b_grouped"] ?? ""
        let full = client.send(
            "POST", "/v1/transactions/\(grouped)/refund", json: ["amount": 50000, "reason": "Customer cancellation"])
        FixtureFile.check(full.response, "responses/transaction-refunded.json")

        var errors: [(String, HTTPResponse)] = []
        var invalid = Samples.sessionProfileBody()
        invalid["order"]?["currency"] = "kr"
        invalid["url"]?["return_url"] = nil
        errors.append(("errors/validation.json", client.send("POST", "/v1/sessions-profile", json: invalid).response))
        errors.append(
            (
                "errors/refund-exceeds-remaining.json",
                client.send("POST", "/v1/transactions/\(b2c)/refund", json: ["amount": 999_999]).response
            ))
        errors.append(("errors/void-not-supported.json", client.send("POST", "/v1/transactions/\(b2b)/void").response))
        errors.append(
            (
                "errors/session-already-paid.json",
                client.send(
                    "POST",
                    "/v1/sessions/\(client.send("GET", "/v1/transactions/\(b2b)").body["session_id"]?.stringValue ?? "")/cancel"
                ).response
            ))
        errors.append(
            ("errors/not-found.json", client.send("GET", "/v1/transactions/T12345678.1111111111111111111111").response))
        var anonymous = client
        anonymous.token = nil
        errors.append(("errors/unauthorized.json", anonymous.send("GET", "/v1/transactions").response))
        for (file, body) in errors { FixtureFile.check(body, file) }
    }

    /// Today's model (`--kravia-lifecycle authorized`): a transaction AUTHORIZED, PARTIALLY_CAPTURED and CAPTURED
    /// as the customer pays, one voided, and the refund it refuses.
    @Test func authorizedModelPayloadsAreReproducedByteForByte() throws {
        var configuration = SandboxConfiguration.fixtures
        configuration.kraviaLifecycle = .authorized
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        client.authenticate()
        var transactions: [String] = []
        for entry in Self.requests where entry.type != "kravia.invoice_b2b_grouped" {
            let body = FixtureFile.isRecording ? Self.request(for: entry.type) : try FixtureFile.json(entry.file)
            let sessionId = client.send("POST", "/v1/sessions-profile", json: body).body["id"]?.stringValue ?? ""
            let completed = client.complete(sessionId, type: entry.type, billing: entry.billing, scenario: "unpaid")
            transactions.append(completed.body["transaction"]?.id ?? "")
        }
        let paid = transactions[0]
        let transaction = { client.send("GET", "/v1/transactions/\(paid)").response }
        FixtureFile.check(transaction(), "responses/authorized/transaction-authorized.json")
        let invoice = client.send("GET", "/v1/transactions/\(paid)").body.invoiceNumber
        _ = client.pay(invoice, 20000)
        FixtureFile.check(transaction(), "responses/authorized/transaction-partially-captured.json")
        _ = client.pay(invoice, 30000)
        FixtureFile.check(transaction(), "responses/authorized/transaction-captured.json")
        let voided = client.send("POST", "/v1/transactions/\(transactions[1])/void")
        FixtureFile.check(voided.response, "responses/authorized/transaction-voided.json")
        let refund = client.send("POST", "/v1/transactions/\(paid)/refund", json: ["amount": 100])
        FixtureFile.check(refund.response, "errors/authorized/refund-not-supported.json")
    }
}
