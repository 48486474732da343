import Foundation
import KraviaEngine
import SandboxSupport
import Testing

/// Today's model (`authorized`) through the engine: registration, collection, payments, void, capture, and the
/// account-level choice beside the seeds' model.
@Suite struct AuthorizedLifecycleTests {
    /// An authenticated client whose sandbox follows `lifecycle`.
    static func client(_ lifecycle: KraviaLifecycle = .authorized) -> EngineClient {
        var configuration = SandboxConfiguration.testing()
        configuration.kraviaLifecycle = lifecycle
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        client.authenticate()
        return client
    }

    /// A session whose b2b invoices the merchant delivers itself.
    static let merchantDelivered: JSONValue = [
        "kravia": [
            "type": "payment_type",
            "invoice_b2b": [
                "type": "payment_product_type", "enabled": true, "days_until_due": 14, "invoice_channel": "merchant",
            ],
        ]
    ]

    /// Checks out (with `configuration` when given) under `scenario` and returns the transaction.
    static func purchase(_ client: EngineClient, scenario: String = "unpaid", configuration: JSONValue? = nil)
        -> JSONValue
    {
        let session = client.createSession(configuration: configuration)
        return client.complete(session, scenario: scenario).body["transaction"] ?? .null
    }

    @Test func registrationAuthorizesAndKraviaDeliveryStartsCollection() {
        let client = Self.client()
        let transaction = Self.purchase(client)
        #expect(transaction["status"] == "AUTHORIZED")
        #expect(transaction.eventNames == ["AUTHORIZE", "INITIATE_CAPTURE"])
        #expect(transaction["events"]?[0]?["metadata"]?["kravia:invoice_due_date"] == "2027-01-19")
        #expect(transaction["events"]?[1]?["transaction_status"] == "AUTHORIZED")
        #expect(transaction["metadata"]?["kravia:invoice_number"]?.stringValue?.hasSuffix("-000001") == true)
        #expect(transaction["settlement_status"] == "NOT_SETTLED")
    }

    @Test func eachPaymentCapturesWhatWasPaidAndThePayoutShowsInSettlementStatus() {
        let client = Self.client()
        let transaction = Self.purchase(client)
        #expect(client.pay(transaction.invoiceNumber, 20000).status == 200)
        let partly = client.transaction(transaction.id)
        #expect(partly["status"] == "PARTIALLY_CAPTURED")
        #expect(partly["events"]?[2]?["event"] == "CAPTURE")
        #expect(partly["events"]?[2]?["amount"] == 20000)
        #expect(client.pay(transaction.invoiceNumber, 30000).status == 200)
        let paid = client.transaction(transaction.id)
        #expect(paid["status"] == "CAPTURED")
        #expect(paid["events"]?[3]?["amount"] == 30000)
        client.clock(["advance": "P3D"])
        let settled = client.transaction(transaction.id)
        #expect(settled["status"] == "CAPTURED")
        #expect(settled["settlement_status"] == "SETTLED")
        #expect(settled.eventNames == ["AUTHORIZE", "INITIATE_CAPTURE", "CAPTURE", "CAPTURE", "SETTLEMENT"])
        #expect(settled["events"]?[4]?["amount"] == 50000)
    }

    @Test func aMerchantDeliveredInvoiceIsCollectedOnlyAfterTheMerchantsCapture() {
        let client = Self.client()
        let transaction = Self.purchase(client, scenario: "happy-path", configuration: Self.merchantDelivered)
        #expect(transaction.eventNames == ["AUTHORIZE"])
        let refused = client.pay(transaction.invoiceNumber, 100)
        #expect(refused.status == 409)
        #expect(refused.body["error"]?["code"] == "COLLECTION_NOT_STARTED")
        // The customer's scenario payment at the due date finds nothing to pay.
        client.clock(["advance": "P20D"])
        #expect(client.transaction(transaction.id).eventNames == ["AUTHORIZE"])
        let wrongAmount = client.send("POST", "/v1/transactions/\(transaction.id)/capture", json: ["amount": 100])
        #expect(wrongAmount.status == 400)
        #expect(wrongAmount.body["error"]?["errors"]?[0]?["field"] == "amount")
        let captured = client.send("POST", "/v1/transactions/\(transaction.id)/capture", json: ["amount": 50000])
        #expect(captured.status == 200)
        #expect(captured.body["status"] == "AUTHORIZED")
        #expect(captured.body.eventNames == ["AUTHORIZE", "INITIATE_CAPTURE"])
        let again = client.send("POST", "/v1/transactions/\(transaction.id)/capture", json: ["amount": 50000])
        #expect(again.status == 409)
        #expect(again.body["error"]?["code"] == "CAPTURE_ALREADY_INITIATED")
        #expect(client.pay(transaction.invoiceNumber, 50000).status == 200)
        #expect(client.transaction(transaction.id)["status"] == "CAPTURED")
    }

    @Test func voidWithdrawsAnUnpaidInvoiceAndNothingElse() {
        let client = Self.client()
        let transaction = Self.purchase(client, scenario: "happy-path")
        let voided = client.send("POST", "/v1/transactions/\(transaction.id)/void")
        #expect(voided.status == 200)
        #expect(voided.body["status"] == "AUTHORIZATION_VOIDED")
        #expect(voided.body.eventNames == ["AUTHORIZE", "INITIATE_CAPTURE", "VOID"])
        #expect(client.invoice(transaction.invoiceNumber)["status"] == "withdrawn")
        #expect(
            client.send("POST", "/v1/transactions/\(transaction.id)/void").body["error"]?["code"]
                == "TRANSACTION_VOIDED")
        // The scenario's payment never comes, and nothing is paid out.
        client.clock(["advance": "P60D"])
        #expect(client.transaction(transaction.id).eventNames == ["AUTHORIZE", "INITIATE_CAPTURE", "VOID"])
        let paidFirst = Self.purchase(client)
        #expect(client.pay(paidFirst.invoiceNumber, 100).status == 200)
        let late = client.send("POST", "/v1/transactions/\(paidFirst.id)/void", json: ["id": .string(paidFirst.id)])
        #expect(late.status == 409)
        #expect(late.body["error"]?["code"] == "TRANSACTION_PAID")
    }

    @Test func refundsAreRefusedNamingVoid() {
        let client = Self.client()
        let transaction = Self.purchase(client)
        let refused = client.send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": 100])
        #expect(refused.status == 400)
        #expect(refused.body["error"]?["code"] == "OPERATION_NOT_SUPPORTED")
        #expect(refused.body["error"]?["message"]?.stringValue?.contains("/void") == true)
        #expect(client.transaction(transaction.id).eventNames == ["AUTHORIZE", "INITIATE_CAPTURE"])
    }

    @Test func aGroupedInvoiceStartsCollectionWhenIssuedAndPaymentsGoOldestFirst() {
        let client = Self.client()
        let configuration = GroupedInvoiceTests.groupedConfiguration("monthly")
        let sessions = [
            client.createSession(configuration: configuration), client.createSession(configuration: configuration),
        ]
        let transactions = sessions.map {
            client.complete($0, type: "kravia.invoice_b2b_grouped", scenario: "unpaid").body["transaction"] ?? .null
        }
        #expect(transactions.map(\.eventNames) == [["AUTHORIZE"], ["AUTHORIZE"]])
        #expect(transactions[0].invoiceNumber == transactions[1].invoiceNumber)
        client.clock(["set": "2027-02-01T00:00:00Z"])
        #expect(client.transaction(transactions[1].id).eventNames == ["AUTHORIZE", "INITIATE_CAPTURE"])
        #expect(client.pay(transactions[0].invoiceNumber, 70000).status == 200)
        #expect(client.transaction(transactions[0].id)["status"] == "CAPTURED")
        let second = client.transaction(transactions[1].id)
        #expect(second["status"] == "PARTIALLY_CAPTURED")
        #expect(second["events"]?[2]?["amount"] == 20000)
    }

    @Test func reportEventCallsForTheNewEvents() {
        let client = Self.client()
        let session = client.createSession(
            callbackURL: "http://127.0.0.1:9/cb?report_event=INITIATE_CAPTURE&report_event=CAPTURE&report_event=VOID")
        let transaction = client.complete(session, scenario: "unpaid").body["transaction"] ?? .null
        _ = client.pay(transaction.invoiceNumber, 100)
        let deliveries = { client.deliveries().map { $0["event"]?.stringValue ?? $0["trigger"]?.stringValue ?? "" } }
        #expect(deliveries() == ["transaction_created", "INITIATE_CAPTURE", "CAPTURE"])
        let other = client.complete(
            client.createSession(callbackURL: "http://127.0.0.1:9/cb?report_event=VOID"), scenario: "unpaid")
        _ = client.send("POST", "/v1/transactions/\(other.body["transaction"]?.id ?? "")/void")
        #expect(deliveries().suffix(2) == ["transaction_created", "VOID"])
    }

    @Test func eachAccountChoosesItsModelAndTheSandboxDefaultIsTheSeeds() {
        var client = Self.client(.captured)
        let added = client.send(
            "POST", "/__sandbox/accounts",
            json: ["account_id": "T22222222", "client_id": "c", "client_secret": "s", "kravia_lifecycle": "authorized"])
        #expect(added.status == 201)
        let bad = client.send(
            "POST", "/__sandbox/accounts",
            json: ["account_id": "T33333333", "client_id": "c", "client_secret": "s", "kravia_lifecycle": "someday"])
        #expect(bad.status == 400)
        #expect(bad.body["error"]?["errors"]?[0]?["field"] == "kravia_lifecycle")
        let health = client.send("GET", "/__sandbox/health").body["kravia_lifecycle"]
        #expect(health == ["default": "captured", "accounts": ["T12345678": "captured", "T22222222": "authorized"]])
        #expect(Self.purchase(client)["status"] == "CAPTURED")
        client.authenticate(account: "T22222222", client: "c", secret: "s")
        #expect(Self.purchase(client)["status"] == "AUTHORIZED")
    }
}

/// Merchant-initiated payments follow the account's model too.
@Suite struct AuthorizedMerchantPaymentTests {
    @Test func oneStepPayIsAuthorizedAndTwoStepPayWithMerchantDeliveryWaitsForTheCapture() {
        let client = AuthorizedLifecycleTests.client()
        var order = Samples.sessionProfileBody(amount: 29900, reference: "sub-1")["order"]!
        order["billing_address"] = Samples.businessAddress
        let oneStep = client.send(
            "POST", "/v1/sessions/pay",
            json: [
                "payment": [
                    "payment_product_type": "kravia.invoice_b2b", "operation": "invoice_payment", "days_until_due": 30,
                ],
                "session": ["url": ["callback_url": "https://example.com/callback"], "order": order],
            ])
        #expect(oneStep.status == 200, "\(oneStep.body)")
        #expect(oneStep.body["status"] == "AUTHORIZED")
        #expect(oneStep.body["success"] == true)
        #expect(oneStep.body.eventNames == ["AUTHORIZE", "INITIATE_CAPTURE"])
        let session = client.createSession()
        let twoStep = client.send(
            "POST", "/v1/sessions/\(session)/pay",
            json: [
                "payment_product_type": "kravia.invoice_b2b", "operation": "invoice_payment",
                "invoice_channel": "merchant", "billing_address": Samples.businessAddress,
            ])
        #expect(twoStep.body["status"] == "AUTHORIZED")
        #expect(twoStep.body.eventNames == ["AUTHORIZE"])
        let cancel = client.send("POST", "/v1/sessions/\(session)/cancel")
        #expect(cancel.status == 409)
        #expect(cancel.body["error"]?["message"]?.stringValue?.contains("/void") == true)
    }
}
