import KraviaEngine
import Testing

/// Merchant-initiated payments: no BankID, two-step and one-step (Kravia's merchant-initiated page).
@Suite struct MerchantPaymentTests {
    @Test(arguments: ["invoice_payment", "invoice_purchase"])
    func oneStepPayCreatesSessionAndCapturedTransaction(_ operation: String) {
        var client = EngineClient()
        client.authenticate()
        var order = Samples.sessionProfileBody(amount: 29900, reference: "sub-1")["order"]!
        order["billing_address"] = Samples.businessAddress
        let result = client.send(
            "POST", "/v1/sessions/pay",
            json: [
                "payment": [
                    "payment_product_type": "kravia.invoice_b2b", "operation": .string(operation), "days_until_due": 30,
                ],
                "session": ["url": ["callback_url": "https://example.com/callback"], "order": order],
            ])
        #expect(result.status == 200, "\(result.body)")
        #expect(result.body["status"] == "CAPTURED")
        #expect(result.body["success"] == true)
        #expect(result.body["payment_operation"] == .string(operation))
        let capture = result.body["events"]?.arrayValue?.first { $0["event"] == "CAPTURE" }
        #expect(capture?["metadata"]?["kravia:invoice_due_date"] == "2027-02-04")
        let sessionId = result.body["session_id"]?.stringValue ?? ""
        #expect(client.send("GET", "/v1/sessions/\(sessionId)").body["transaction_id"] == result.body["id"])
    }

    @Test func oneStepPayValidatesPaymentAndBillingAddress() {
        var client = EngineClient()
        client.authenticate()
        let order = Samples.sessionProfileBody()["order"]!
        let result = client.send(
            "POST", "/v1/sessions/pay",
            json: [
                "payment": ["payment_product_type": "kravia.invoice_b2b", "operation": "unscheduled_purchase"],
                "session": ["order": order],
            ])
        #expect(result.status == 400)
        let fields = result.body["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
        #expect(fields.contains("payment.operation"))
        #expect(fields.contains("payment.days_until_due"))
        let noBilling = client.send(
            "POST", "/v1/sessions/pay",
            json: [
                "payment": [
                    "payment_product_type": "kravia.invoice_b2b", "operation": "invoice_payment", "days_until_due": 14,
                ], "session": ["order": order],
            ])
        #expect(noBilling.status == 400)
        #expect(noBilling.body["error"]?["errors"]?[0]?["field"] == "billing_address.first_name")
    }

    @Test func twoStepPaySkipsBankIDEvenWhenConfigured() {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        let result = client.send(
            "POST", "/v1/sessions/\(sessionId)/pay",
            json: [
                "payment_product_type": "kravia.invoice_b2c", "billing_address": Samples.consumerAddress,
                "days_until_due": 10,
            ])
        #expect(result.status == 200, "\(result.body)")
        #expect(result.body["status"] == "CAPTURED")
        #expect(result.body["verified_identity"] == nil)
        let capture = result.body["events"]?.arrayValue?.first { $0["event"] == "CAPTURE" }
        #expect(capture?["metadata"]?["kravia:invoice_due_date"] == "2027-01-15")
        #expect(
            client.send("POST", "/v1/sessions/\(sessionId)/pay", json: ["payment_product_type": "kravia.invoice_b2c"])
                .status == 409)
    }
}
