import KraviaEngine
import SandboxSupport
import Testing

/// Refund arithmetic and the states that allow it (SPEC §4.5), as a table of steps.
@Suite struct RefundRulesTests {
    struct Step: Sendable {
        var amount: Int
        var status: Int
        var transactionStatus: String?
    }

    static let tables: [(String, [Step])] = [
        ("full at once", [Step(amount: 50000, status: 200, transactionStatus: "REFUNDED")]),
        (
            "partial then rest",
            [
                Step(amount: 10000, status: 200, transactionStatus: "PARTIALLY_REFUNDED"),
                Step(amount: 15000, status: 200, transactionStatus: "PARTIALLY_REFUNDED"),
                Step(amount: 25000, status: 200, transactionStatus: "REFUNDED"),
            ]
        ),
        (
            "beyond the remaining",
            [
                Step(amount: 40000, status: 200, transactionStatus: "PARTIALLY_REFUNDED"),
                Step(amount: 10001, status: 400, transactionStatus: "PARTIALLY_REFUNDED"),
                Step(amount: 10000, status: 200, transactionStatus: "REFUNDED"),
            ]
        ),
        ("more than the amount", [Step(amount: 50001, status: 400, transactionStatus: "CAPTURED")]),
        ("zero", [Step(amount: 0, status: 400, transactionStatus: "CAPTURED")]),
        (
            "after a full refund",
            [
                Step(amount: 50000, status: 200, transactionStatus: "REFUNDED"),
                Step(amount: 1, status: 400, transactionStatus: "REFUNDED"),
            ]
        ),
    ]

    @Test(arguments: tables)
    func refundSteps(_ name: String, _ steps: [Step]) {
        var client = EngineClient()
        client.authenticate()
        let id = client.complete(client.createSession()).body["transaction"]?["id"]?.stringValue ?? ""
        for step in steps {
            let result = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": JSONValue(step.amount)])
            #expect(result.status == step.status, "\(name): \(result.body)")
            let status = client.send("GET", "/v1/transactions/\(id)").body["status"]?.stringValue
            #expect(status == step.transactionStatus, "\(name)")
        }
    }

    @Test func refundEventsRecordAmountReasonAndTheInvoice() {
        var client = EngineClient()
        client.authenticate()
        let id = client.complete(client.createSession()).body["transaction"]?["id"]?.stringValue ?? ""
        let partial = client.send(
            "POST", "/v1/transactions/\(id)/refund",
            json: ["amount": 20000, "reason": "Damaged", "refund_reference": "r-1"])
        let event = partial.body["events"]?.arrayValue?.last
        #expect(event?["event"] == "REFUND")
        #expect(event?["amount"] == 20000)
        #expect(event?["reason"] == "Damaged")
        #expect(event?["transaction_status"] == "PARTIALLY_REFUNDED")
        #expect(event?["metadata"]?["kravia:invoice_action"] == "reduced")
        #expect(event?["metadata"]?["kravia:amount_due"] == 30000)
        #expect(event?["event_reference"] == "r-1")
        #expect(event?["metadata"]?["event_reference"] == nil)
    }

    @Test func refundsAreRefusedInOnHoldAndFailed() {
        var client = EngineClient()
        client.authenticate()
        for scenario in ["on-hold-then-captured", "registration-failed"] {
            let transaction = client.complete(client.createSession(), scenario: scenario).body["transaction"]
            let id = transaction?["id"]?.stringValue ?? ""
            let result = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 100])
            #expect(result.status == 400, "\(scenario)")
            #expect(result.body["error"]?["code"] == "INVALID_TRANSACTION_STATE")
        }
    }

    @Test(arguments: ["capture", "void"])
    func captureAndVoidExplainKraviasLifecycle(_ operation: String) {
        var client = EngineClient()
        client.authenticate()
        let id = client.complete(client.createSession()).body["transaction"]?["id"]?.stringValue ?? ""
        let result = client.send("POST", "/v1/transactions/\(id)/\(operation)", json: ["amount": 100])
        #expect(result.status == 400)
        #expect(result.body["error"]?["code"] == "OPERATION_NOT_SUPPORTED")
        #expect(result.body["error"]?["message"]?.stringValue?.contains("captured") == true)
        #expect(client.send("GET", "/v1/transactions/\(id)").body["status"] == "CAPTURED")
    }
}
