import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Synchronization
import Testing

/// `POST /__sandbox/reset?account=`: the account answers as a freshly opened one, and no other account notices.
@Suite struct AccountResetTests {
    /// Answers every callback 200 and remembers the URLs it was called at.
    final class RecordingTransport: CallbackTransport {
        let urls = Mutex<[String]>([])

        func deliver(_ request: CallbackRequest) -> CallbackResponse {
            urls.withLock { $0.append(request.url) }
            return CallbackResponse(status: 200)
        }

        func calls(containing text: String) -> Int {
            urls.withLock { $0.filter { $0.contains(text) }.count }
        }
    }

    /// A fault counted per account (the first session list answers 503) and a payment a day after purchase.
    static let probe = #"""
        {
          "name": "reset-probe",
          "description": "A fault per account and a payment a day after purchase.",
          "api_faults": [{ "method": "GET", "path": "/v1/sessions", "status": 503, "times": 1, "counter": "account" }],
          "timeline": [{ "after": "P1D", "action": "pay", "percent": 100 }]
        }
        """#

    static let other = AccountSettings(accountId: "T87654321", clientId: "other", clientSecret: "other-secret")

    @Test func resetAccountForgetsEverythingOfItsPastAndTouchesNoOtherAccount() throws {
        let transport = RecordingTransport()
        var configuration = SandboxConfiguration.testing()
        configuration.scenarios.append(try ScenarioCatalog.parse(Self.probe))
        configuration.accounts = [.standard, Self.other]
        configuration.callbackTransport = transport
        var first = EngineClient(sandbox: Sandbox(configuration: configuration))
        first.authenticate()
        var second = EngineClient(sandbox: first.sandbox)
        second.authenticate(account: Self.other.accountId, client: "other", secret: "other-secret")
        for account in ["T12345678", Self.other.accountId] {
            let chosen = first.send(
                "PUT", "/__sandbox/scenarios/default?account=\(account)", json: ["scenario": "reset-probe"])
            #expect(chosen.status == 200)
        }
        // Each account uses up its fault, then buys once; both payments are a day away.
        #expect(first.send("GET", "/v1/sessions").status == 503)
        #expect(second.send("GET", "/v1/sessions").status == 503)
        let before = first.checkout()["transaction"] ?? .null
        let kept = second.checkout()["transaction"] ?? .null
        first.sandbox.deliverDueCallbacks()
        #expect(transport.calls(containing: before.id) > 0)
        #expect(first.send("GET", "/__sandbox/clock").body["pending"] == 2)

        #expect(first.send("POST", "/__sandbox/reset?account=T12345678").status == 200)

        // Nothing of the first account's past is visible anywhere …
        let journal = first.send("GET", "/__sandbox/journal?account_id=T12345678").body["entries"]?.arrayValue ?? []
        #expect(journal.map { $0["path"] } == ["/__sandbox/reset"])
        #expect(
            first.send("GET", "/__sandbox/scenarios").body["account_defaults"] == [Self.other.accountId: "reset-probe"])
        #expect(first.send("GET", "/__sandbox/callbacks?account=T12345678").body["deliveries"] == [])
        #expect(first.send("GET", "/__sandbox/clock").body["pending"] == 1)
        #expect(first.send("GET", "/v1/transactions/\(before.id)").status == 404)
        #expect(first.send("GET", "/__sandbox/invoices/\(before.invoiceNumber)").status == 404)
        #expect(first.send("GET", "/v1/sessions").body == [])
        // … its fault counter starts again, as for a new account, while the other's stays used up …
        #expect(
            first.send("PUT", "/__sandbox/scenarios/default?account=T12345678", json: ["scenario": "reset-probe"])
                .status == 200)
        #expect(first.send("GET", "/v1/sessions").status == 503)
        #expect(second.send("GET", "/v1/sessions").status == 200)
        #expect(
            first.send("PUT", "/__sandbox/scenarios/default?account=T12345678", json: ["scenario": .null]).status == 200
        )
        // … the same customer gets a new debtor id and the invoice numbers start over.
        let after = first.checkout()["transaction"] ?? .null
        let debtor = { (transaction: JSONValue) in transaction["events"]?[0]?["metadata"]?["kravia:debtor_id"] }
        #expect(debtor(before) != nil)
        #expect(debtor(after) != debtor(before))
        #expect(after.invoiceNumber.hasSuffix("-000001"))
        #expect(after.invoiceNumber != before.invoiceNumber)

        // No job of its past ever runs; the other account's day goes on as planned.
        first.clock(["advance": "P3D"])
        #expect(transport.calls(containing: before.id) == 1)
        #expect(second.send("GET", "/v1/transactions/\(kept.id)").body["status"] == "SETTLED")
        #expect(first.send("GET", "/v1/transactions/\(after.id)").body["status"] == "CAPTURED")
    }
}
