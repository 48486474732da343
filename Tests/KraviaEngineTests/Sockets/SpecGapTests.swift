import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// The published spec's remaining gaps: transport rejections in Dintero's shape, the transaction update, refund
/// event references, BankID's `auth_time`, and the pay endpoints' `success: false`.
@Suite struct SpecGapTests {
    @Test func transportRejectionsAreDinteroShapedCarryARequestIdAndAreJournaled() throws {
        let live = try LiveSandbox()
        defer { live.stop() }
        let huge = String(repeating: "x", count: 200_000)
        let response = try HTTPClient().send(
            OutboundRequest(method: "GET", url: live.baseURL + "/v1/sessions", headers: ["X-Huge": huge], body: Data()))
        #expect(response.status == 431)
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        let body = try JSONParser.parse(response.body)
        #expect(body["error"]?["code"] == "REQUEST_HEADER_FIELDS_TOO_LARGE")
        let requestId = try #require(response.headers["request-id"])
        #expect(!requestId.isEmpty)
        let journal = EngineClient(sandbox: live.sandbox).send("GET", "/__sandbox/journal?status=431").body
        let entry = journal["entries"]?[0]
        #expect(entry?["response"]?["headers"]?["request-id"] == .string(requestId))
        #expect(entry?["error"]?.stringValue?.hasPrefix("rejected 127.0.0.1:") == true)
    }

    @Test func aTransactionsSecondReferenceAndMetadataCanBeUpdated() {
        let client = AuthorizedLifecycleTests.client(.captured)
        let transaction = AuthorizedLifecycleTests.purchase(client)
        let path = "/v1/transactions/\(transaction.id)"
        let updated = client.send("PUT", path, json: ["merchant_reference_2": "ERP-77", "metadata": ["erp": "yes"]])
        #expect(updated.status == 200)
        #expect(updated.body["merchant_reference_2"] == "ERP-77")
        #expect(client.transaction(transaction.id)["metadata"]?["erp"] == "yes")
        let wrong = client.send("PUT", path, json: ["merchant_reference_2": 7, "metadata": ["n": 1]])
        #expect(wrong.status == 400)
        #expect(
            wrong.body["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == [
                "merchant_reference_2", "metadata.n",
            ])
        #expect(client.transaction(transaction.id)["merchant_reference_2"] == "ERP-77")
    }

    @Test func bankIDsAuthTimeIsADateTime() {
        let client = AuthorizedLifecycleTests.client(.captured)
        let transaction = AuthorizedLifecycleTests.purchase(client)
        #expect(transaction["verified_identity"]?["auth_time"] == "2027-01-05T10:00:00.000Z")
    }

    @Test func payErrorsSaySuccessFalse() {
        let client = AuthorizedLifecycleTests.client(.captured)
        let oneStep = client.send("POST", "/v1/sessions/pay", json: ["payment": [:]])
        #expect(oneStep.status == 400)
        #expect(oneStep.body["success"] == false)
        #expect(oneStep.body["error"]?["code"] != nil)
        let twoStep = client.send(
            "POST", "/v1/sessions/T12345678.missing/pay", json: ["payment_product_type": "kravia.invoice_b2b"])
        #expect(twoStep.status == 404)
        #expect(twoStep.body["success"] == false)
    }
}
