import KraviaEngine
import Testing

/// Every built-in scenario, driven from checkout to its last step through the engine.
@Suite struct ScenarioEndToEndTests {
    @Test func happyPathIsPaidByTheDueDateThenSettled() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "happy-path")["transaction"] ?? .null
        #expect(transaction["status"] == "CAPTURED")
        #expect(transaction["metadata"]?["kravia:amount_due"] == 50000)
        #expect(transaction["metadata"]?["kravia:amount_paid"] == 0)
        // Due 2027-01-19; the customer pays at noon that day, settlement follows two days later.
        client.clock(["set": "2027-01-19T11:59:59Z"])
        #expect(client.transaction(transaction.id)["metadata"]?["kravia:amount_paid"] == 0)
        client.clock(["set": "2027-01-19T12:00:00Z"])
        let paid = client.transaction(transaction.id)
        #expect(paid["metadata"]?["kravia:amount_paid"] == 50000)
        #expect(paid["metadata"]?["kravia:amount_due"] == 0)
        #expect(paid["status"] == "CAPTURED")
        client.clock(["advance": "P2D"])
        let settled = client.transaction(transaction.id)
        #expect(settled["status"] == "SETTLED")
        // Paid out, and in the account's next settlement run, at 06:00 UTC the next day.
        #expect(settled["settlement_status"] == "PENDING_SETTLEMENT")
        client.clock(["set": "2027-01-22T06:00:00Z"])
        let reported = client.transaction(transaction.id)
        #expect(reported["settlement_status"] == "SETTLED")
        #expect(reported["events"]?[0]?["settlements"]?["events"]?[0]?["capture"] == 50000)
        #expect(settled.eventNames == ["CAPTURE", "SETTLEMENT"])
        #expect(settled["events"]?[1]?["created_at"] == "2027-01-21T12:00:00.000Z")
        #expect(settled["events"]?[1]?["amount"] == 50000)
        #expect(client.invoice(transaction.invoiceNumber)["status"] == "paid")
    }

    @Test func happyPathIsTheDefault() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout()["transaction"] ?? .null
        #expect(transaction["metadata"]?["sandbox:scenario"] == "happy-path")
        client.clock(["advance": "P30D"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
    }

    @Test(arguments: [("bankid-failure", "authorization"), ("bankid-cancelled", "cancelled")])
    func bankIDOutcomesCreateNoTransaction(scenario: String, error: String) {
        let client = EngineClient.withScenarios()
        let outcome = client.checkout(scenario: scenario)
        #expect(outcome["transaction"] == nil)
        #expect(outcome["error"] == .string(error))
        #expect(outcome["redirect_url"]?.stringValue?.hasSuffix("error=\(error)") == true)
        client.clock(["advance": "P60D"])
        #expect(client.fresh().send("GET", "/v1/transactions").body == [])
    }

    @Test func onHoldThenCapturedIsReleasedThenPaidAndSettled() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "on-hold-then-captured")["transaction"] ?? .null
        #expect(transaction["status"] == "ON_HOLD")
        #expect(transaction["metadata"]?["kravia:invoice_number"] == nil)
        client.clock(["advance": "PT59M59S"])
        #expect(client.transaction(transaction.id)["status"] == "ON_HOLD")
        client.clock(["advance": "PT1S"])
        let released = client.transaction(transaction.id)
        #expect(released["status"] == "CAPTURED")
        #expect(released.eventNames == ["INITIALIZE", "CAPTURE"])
        #expect(released["events"]?[1]?["created_at"] == "2027-01-05T11:00:00.000Z")
        #expect(released["events"]?[1]?["metadata"]?["kravia:invoice_due_date"] == "2027-01-19")
        client.clock(["advance": "P30D"])
        let settled = client.transaction(transaction.id)
        #expect(settled["status"] == "SETTLED")
        #expect(settled.eventNames == ["INITIALIZE", "CAPTURE", "SETTLEMENT"])
    }

    @Test func onHoldThenFailedEndsFailedWithTheReason() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "on-hold-then-failed")["transaction"] ?? .null
        #expect(transaction["status"] == "ON_HOLD")
        client.clock(["advance": "PT1H"])
        let failed = client.transaction(transaction.id)
        #expect(failed["status"] == "FAILED")
        #expect(failed["events"]?[1]?["success"] == false)
        #expect(failed["events"]?[1]?["error"]?["code"] == "CREDIT_CHECK_FAILED")
        client.clock(["advance": "P60D"])
        #expect(client.transaction(transaction.id).eventNames == ["INITIALIZE", "CAPTURE"])
    }

    @Test func registrationFailedIsFailedAtOnce() {
        let client = EngineClient.withScenarios()
        let outcome = client.checkout(scenario: "registration-failed")
        #expect(outcome["transaction"]?["status"] == "FAILED")
        #expect(outcome["error"] == "failed")
        #expect(outcome["transaction"]?["events"]?[0]?["error"]?["code"] == "REGISTRATION_FAILED")
    }

    @Test func partialPaymentLeavesTheRestDueUntilTheTestPaysIt() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "partial-payment")["transaction"] ?? .null
        client.clock(["advance": "P60D"])
        let partly = client.transaction(transaction.id)
        #expect(partly["status"] == "CAPTURED")
        #expect(partly["metadata"]?["kravia:amount_paid"] == 20000)
        #expect(partly["metadata"]?["kravia:amount_due"] == 30000)
        #expect(client.invoice(transaction.invoiceNumber)["status"] == "overdue")
        #expect(client.pay(transaction.invoiceNumber, 30000).status == 200)
        client.clock(["advance": "P2D"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
    }

    @Test func multiplePaymentsArriveInThreeInstalments() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "multiple-payments", amount: 33333)["transaction"] ?? .null
        client.clock(["advance": "P11D"])
        let invoice = client.invoice(transaction.invoiceNumber)
        let payments = invoice["payments"]?.arrayValue ?? []
        #expect(payments.map { $0["amount"] } == [16666, 10000, 6667])
        #expect(
            payments.map { $0["paid_at"] } == [
                "2027-01-08T10:00:00.000Z", "2027-01-12T10:00:00.000Z", "2027-01-15T10:00:00.000Z",
            ])
        #expect(client.transaction(transaction.id)["status"] == "CAPTURED")
        client.clock(["advance": "P1D"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
    }

    @Test func unpaidIsNeverPaid() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "unpaid")["transaction"] ?? .null
        client.clock(["advance": "P1Y"])
        let later = client.transaction(transaction.id)
        #expect(later["status"] == "CAPTURED")
        #expect(later["metadata"]?["kravia:amount_due"] == 50000)
        #expect(client.invoice(transaction.invoiceNumber)["status"] == "overdue")
    }

    @Test func callbackChaosBendsDeliveryAndOtherwiseFollowsTheHappyPath() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "callback-chaos")["transaction"] ?? .null
        let chaos = ScenarioCatalog.builtIn.first { $0.name == "callback-chaos" }
        #expect(chaos?.document["callbacks"]?["duplicates"] == 2)
        client.clock(["advance": "P30D"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
    }

    @Test func apiFaultsAnswerTheFirstRefund503AndTheRetrySucceeds() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "api-faults")["transaction"] ?? .null
        let first = client.send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": 1000])
        #expect(first.status == 503)
        #expect(first.body["error"]?["code"] == "SERVICE_UNAVAILABLE")
        #expect(first.response.headers["request-id"] != nil)
        #expect(client.transaction(transaction.id)["status"] == "CAPTURED")
        let retry = client.send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": 1000])
        #expect(retry.status == 200)
        #expect(retry.body["status"] == "PARTIALLY_REFUNDED")
        // Another transaction of the same scenario has its own first refund.
        let other = client.checkout(scenario: "api-faults")["transaction"] ?? .null
        #expect(client.send("POST", "/v1/transactions/\(other.id)/refund", json: ["amount": 1000]).status == 503)
        // A transaction of another scenario is never faulted.
        let plain = client.checkout(scenario: "unpaid")["transaction"] ?? .null
        #expect(client.send("POST", "/v1/transactions/\(plain.id)/refund", json: ["amount": 1000]).status == 200)
    }
}
