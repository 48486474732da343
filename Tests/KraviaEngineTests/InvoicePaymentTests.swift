import KraviaEngine
import SandboxSupport
import Testing

/// `POST /__sandbox/invoices/{number}/payments` and how payments meet refunds (SPEC §4.5).
@Suite struct InvoicePaymentTests {
    @Test func paymentsAreTrackedOnTheTransactionAndSettleWhenComplete() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "unpaid")["transaction"] ?? .null
        let number = transaction.invoiceNumber
        let first = client.pay(number, 20000)
        #expect(first.status == 200)
        #expect(first.body["amount_paid"] == 20000)
        #expect(first.body["amount_due"] == 30000)
        #expect(first.body["status"] == "issued")
        let partly = client.transaction(transaction.id)
        #expect(partly["metadata"]?["kravia:amount_paid"] == 20000)
        #expect(partly["metadata"]?["kravia:amount_due"] == 30000)
        let tooMuch = client.pay(number, 30001)
        #expect(tooMuch.status == 400)
        #expect(tooMuch.body["error"]?["errors"]?[0]?["field"] == "amount")
        #expect(client.pay(number, 30000).body["status"] == "paid")
        #expect(client.transaction(transaction.id)["status"] == "CAPTURED")
        client.clock(["advance": "P1DT23H59M59S"])
        #expect(client.transaction(transaction.id)["status"] == "CAPTURED")
        client.clock(["advance": "PT1S"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
        let refund = client.fresh().send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": 100])
        #expect(refund.status == 409)
    }

    static let badPayments: [(JSONValue, Int)] = [
        (["amount": 0], 400), (["amount": "100"], 400), ([:], 400), (["amount": 50001], 400),
    ]

    @Test(arguments: badPayments)
    func badPaymentsAreRefused(body: JSONValue, status: Int) {
        let client = EngineClient.withScenarios()
        let number = (client.checkout(scenario: "unpaid")["transaction"] ?? .null).invoiceNumber
        let result = client.send("POST", "/__sandbox/invoices/\(number)/payments", json: body)
        #expect(result.status == status)
        #expect(client.invoice(number)["amount_paid"] == 0)
    }

    @Test func unknownAndWithdrawnInvoicesAreRefused() {
        let client = EngineClient.withScenarios()
        #expect(client.pay("NOPE-000001", 100).status == 404)
        let transaction = client.checkout(scenario: "unpaid")["transaction"] ?? .null
        client.send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": 50000])
        let withdrawn = client.pay(transaction.invoiceNumber, 100)
        #expect(withdrawn.status == 409)
        #expect(withdrawn.body["error"]?["code"] == "INVOICE_WITHDRAWN")
        #expect(client.invoice(transaction.invoiceNumber)["status"] == "withdrawn")
    }

    @Test func aPartialRefundReducesWhatIsDueAndCanCompleteThePayment() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "unpaid")["transaction"] ?? .null
        #expect(client.pay(transaction.invoiceNumber, 20000).status == 200)
        let refund = client.send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": 30000])
        #expect(refund.status == 200)
        #expect(refund.body["status"] == "PARTIALLY_REFUNDED")
        #expect(refund.body["metadata"]?["kravia:amount_due"] == 0)
        #expect(refund.body["metadata"]?["kravia:amount_paid"] == 20000)
        client.clock(["advance": "P2D"])
        let settled = client.transaction(transaction.id)
        #expect(settled["status"] == "SETTLED")
        #expect(settled["events"]?.arrayValue?.last?["amount"] == 20000)
    }

    @Test func aFullRefundAfterAPartPaymentRefundsThePaymentAndNeverSettles() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "partial-payment")["transaction"] ?? .null
        client.clock(["advance": "P6D"])
        let refund = client.fresh().send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": 50000])
        #expect(refund.body["status"] == "REFUNDED")
        #expect(refund.body["events"]?.arrayValue?.last?["metadata"]?["kravia:refunded_to_customer"] == 20000)
        #expect(refund.body["metadata"]?["kravia:amount_due"] == 0)
        client.clock(["advance": "P60D"])
        #expect(client.transaction(transaction.id)["status"] == "REFUNDED")
    }

    @Test func aFullRefundBeforeTheScheduledPaymentMeansTheCustomerNeverPays() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "happy-path")["transaction"] ?? .null
        client.send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": 50000])
        client.clock(["advance": "P60D"])
        #expect(client.invoice(transaction.invoiceNumber)["payments"] == [])
        #expect(client.transaction(transaction.id).eventNames == ["CAPTURE", "REFUND"])
    }
}
