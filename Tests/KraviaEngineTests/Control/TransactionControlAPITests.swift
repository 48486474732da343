import Foundation
import SandboxSupport
import Testing

@testable import KraviaEngine

/// `POST /__sandbox/transactions/{id}/refund|release|settle` and `/__sandbox/callbacks/{id}/resend`: thin control
/// calls over the ledger's own operations, with its rules and its callbacks.
@Suite struct TransactionControlAPITests {
    @Test func aRefundWithoutAnAmountTakesBackWhatRemains() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(amount: 50000)["transaction"] ?? .null
        let partial = client.send("POST", "/__sandbox/transactions/\(transaction.id)/refund", json: ["amount": 1000])
        #expect(partial.status == 200)
        #expect(partial.body["status"] == "PARTIALLY_REFUNDED")
        let rest = client.send("POST", "/__sandbox/transactions/\(transaction.id)/refund", json: ["reason": "gone"])
        #expect(rest.status == 200, "\(rest.body)")
        #expect(rest.body["status"] == "REFUNDED")
        #expect(rest.body.eventNames == ["CAPTURE", "REFUND", "REFUND"])
        #expect(rest.body["events"]?[2]?["amount"] == 49000)
        let none = client.send("POST", "/__sandbox/transactions/\(transaction.id)/refund", json: [:])
        #expect(none.status == 400)
    }

    @Test func releaseIsForOnHoldOnly() {
        let client = EngineClient.withScenarios()
        let held = client.checkout(scenario: "on-hold-then-captured")["transaction"] ?? .null
        let released = client.send("POST", "/__sandbox/transactions/\(held.id)/release")
        #expect(released.status == 200)
        #expect(released.body["status"] == "CAPTURED")
        #expect(released.body.invoiceNumber != "")
        let again = client.send("POST", "/__sandbox/transactions/\(held.id)/release")
        #expect(again.status == 409)
        #expect(again.body["error"]?["code"] == "NOT_ON_HOLD")
    }

    @Test func settleNowPaysOutOnceAndUnknownIdsAre404() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout()["transaction"] ?? .null
        let settled = client.send("POST", "/__sandbox/transactions/\(transaction.id)/settle")
        #expect(settled.status == 200)
        #expect(settled.body["status"] == "SETTLED")
        #expect(client.send("POST", "/__sandbox/transactions/\(transaction.id)/settle").status == 409)
        for action in ["refund", "release", "settle"] {
            #expect(client.send("POST", "/__sandbox/transactions/T12345678.nope/\(action)").status == 404)
        }
        #expect(client.send("POST", "/__sandbox/callbacks/no-such-delivery/resend").status == 404)
    }
}
