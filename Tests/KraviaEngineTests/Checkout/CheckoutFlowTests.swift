import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

@Suite struct CheckoutFlowTests {
    @Test func tokenThenSessionThenCompleteGivesCapturedTransaction() {
        var client = EngineClient()
        client.authenticate()
        #expect(client.token != nil)
        let sessionId = client.createSession()
        #expect(sessionId.hasPrefix("T12345678."))
        #expect(sessionId.count == 9 + 1 + 22)
        let result = client.complete(sessionId)
        #expect(result.status == 200, "\(result.body)")
        let transaction = result.body["transaction"]
        #expect(transaction?["status"] == "CAPTURED")
        #expect(transaction?["payment_product_type"] == "kravia.invoice_b2b")
        let capture = transaction?["events"]?.arrayValue?.first { $0["event"] == "CAPTURE" }
        #expect(capture?["name"] == "CAPTURE")
        #expect(capture?["metadata"]?["kravia:invoice_date"] == "2027-01-05")
        #expect(capture?["metadata"]?["kravia:invoice_due_date"] == "2027-01-19")
        let number = transaction?["metadata"]?["kravia:invoice_number"]?.stringValue ?? ""
        #expect(number.hasSuffix("-000001"))
        let redirect = result.body["redirect_url"]?.stringValue ?? ""
        #expect(redirect.hasPrefix("https://example.com/accept?transaction_id=T12345678."))
        #expect(redirect.hasSuffix("&merchant_reference=order-123"))
        let id = transaction?["id"]?.stringValue ?? ""
        let fetched = client.send("GET", "/v1/transactions/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.body == transaction)
    }

    @Test func refundsFollowTheSeedsRules() {
        var client = EngineClient()
        client.authenticate()
        let id = client.complete(client.createSession()).body["transaction"]?["id"]?.stringValue ?? ""
        let partial = client.send(
            "POST", "/v1/transactions/\(id)/refund", json: ["amount": 20000, "reason": "damaged"])
        #expect(partial.status == 200)
        #expect(partial.body["status"] == "PARTIALLY_REFUNDED")
        let tooMuch = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 30001])
        #expect(tooMuch.status == 400)
        #expect(tooMuch.body["error"]?["errors"]?[0]?["field"] == "amount")
        let rest = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 30000])
        #expect(rest.body["status"] == "REFUNDED")
        let refund = rest.body["events"]?.arrayValue?.last
        #expect(refund?["metadata"]?["kravia:invoice_action"] == "withdrawn")
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
