import Foundation
import FoundationNetworking
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// Scenarios end to end over real sockets, with the timeline runner started as `serve` starts it.
@Suite struct ScenarioSocketTests {
    static func checkout(_ live: LiveSandbox, token: String, scenario: String) async throws -> JSONValue {
        let created = try await live.send(
            "POST", "/v1/sessions-profile", json: Samples.sessionProfileBody(), token: token)
        let sessionId = created.body["id"]?.stringValue ?? ""
        let completed = try await live.send(
            "POST", "/__sandbox/sessions/\(sessionId)/complete",
            json: [
                "payment_product_type": "kravia.invoice_b2b", "billing_address": Samples.businessAddress,
                "scenario": .string(scenario),
            ])
        #expect(completed.status == 200)
        return completed.body["transaction"] ?? .null
    }

    @Test func onHoldThenCapturedOverTheWire() async throws {
        let live = try LiveSandbox()
        live.sandbox.start()
        defer {
            live.sandbox.shutdown()
            live.stop()
        }
        let token = try await live.token()
        let transaction = try await Self.checkout(live, token: token, scenario: "on-hold-then-captured")
        #expect(transaction["status"] == "ON_HOLD")
        let clock = try await live.send("POST", "/__sandbox/clock", json: ["advance": "P30D"])
        #expect(clock.status == 200)
        #expect(clock.body["now"] == "2027-02-04T10:00:00.000Z")
        let fresh = try await live.token()
        let settled = try await live.send("GET", "/v1/transactions/\(transaction.id)", token: fresh)
        #expect(settled.body["status"] == "SETTLED")
        #expect(settled.body.eventNames == ["INITIALIZE", "CAPTURE", "SETTLEMENT"])
        let scenarios = try await live.send("GET", "/__sandbox/scenarios")
        #expect(scenarios.body["scenarios"]?.arrayValue?.count == ScenarioCatalogTests.required.count)
    }

    @Test func apiFaultsAndInvoicePaymentsOverTheWire() async throws {
        let live = try LiveSandbox()
        live.sandbox.start()
        defer {
            live.sandbox.shutdown()
            live.stop()
        }
        let token = try await live.token()
        let transaction = try await Self.checkout(live, token: token, scenario: "api-faults")
        let refund = "/v1/transactions/\(transaction.id)/refund"
        let failed = try await live.send("POST", refund, json: ["amount": 10000], token: token)
        #expect(failed.status == 503)
        #expect(failed.body["error"]?["code"] == "SERVICE_UNAVAILABLE")
        let retried = try await live.send("POST", refund, json: ["amount": 10000], token: token)
        #expect(retried.status == 200)
        let number = transaction.invoiceNumber
        let paid = try await live.send("POST", "/__sandbox/invoices/\(number)/payments", json: ["amount": 40000])
        #expect(paid.status == 200)
        #expect(paid.body["status"] == "paid")
        _ = try await live.send("POST", "/__sandbox/clock", json: ["advance": "P2D"])
        let fresh = try await live.token()
        let settled = try await live.send("GET", "/v1/transactions/\(transaction.id)", token: fresh)
        #expect(settled.body["status"] == "SETTLED")
        #expect(settled.body["metadata"]?["kravia:amount_paid"] == 40000)
    }
}
