import KraviaEngine
import SandboxSupport
import Testing

/// Billing-address and identity rules of the customer's checkout (SPEC §4.2, §4.3).
@Suite struct CompletionRulesTests {
    struct AddressCase: CustomStringConvertible, Sendable {
        var description: String
        var type: String
        var change: @Sendable (inout JSONValue) -> Void
        var field: String
    }

    static let addressCases: [AddressCase] = [
        AddressCase(
            description: "b2c without email", type: "kravia.invoice_b2c", change: { $0["email"] = nil },
            field: "billing_address.email"),
        AddressCase(
            description: "b2c bad email", type: "kravia.invoice_b2c", change: { $0["email"] = "ola" },
            field: "billing_address.email"),
        AddressCase(
            description: "b2c without phone", type: "kravia.invoice_b2c", change: { $0["phone_number"] = nil },
            field: "billing_address.phone_number"),
        AddressCase(
            description: "b2c bad phone", type: "kravia.invoice_b2c", change: { $0["phone_number"] = "12ab" },
            field: "billing_address.phone_number"),
        AddressCase(
            description: "b2c without first name", type: "kravia.invoice_b2c", change: { $0["first_name"] = nil },
            field: "billing_address.first_name"),
        AddressCase(
            description: "b2c without last name", type: "kravia.invoice_b2c", change: { $0["last_name"] = "" },
            field: "billing_address.last_name"),
        AddressCase(
            description: "b2c without address", type: "kravia.invoice_b2c", change: { $0["address_line"] = nil },
            field: "billing_address.address_line"),
        AddressCase(
            description: "b2c without postal code", type: "kravia.invoice_b2c", change: { $0["postal_code"] = nil },
            field: "billing_address.postal_code"),
        AddressCase(
            description: "country outside the Nordics", type: "kravia.invoice_b2c", change: { $0["country"] = "DK" },
            field: "billing_address.country"),
        AddressCase(
            description: "b2b without business name", type: "kravia.invoice_b2b", change: { $0["business_name"] = nil },
            field: "billing_address.business_name"),
        AddressCase(
            description: "b2b without organization number", type: "kravia.invoice_b2b",
            change: { $0["organization_number"] = nil }, field: "billing_address.organization_number"),
        AddressCase(
            description: "NO organization number of 8 digits", type: "kravia.invoice_b2b",
            change: { $0["organization_number"] = "12345678" }, field: "billing_address.organization_number"),
        AddressCase(
            description: "SE organization number of 11 digits", type: "kravia.invoice_b2b_grouped",
            change: {
                $0["country"] = "SE"; $0["organization_number"] = "55667788991"
            }, field: "billing_address.organization_number"),
        AddressCase(
            description: "FI business id without hyphen", type: "kravia.invoice_b2b",
            change: {
                $0["country"] = "FI"; $0["organization_number"] = "12345678"
            }, field: "billing_address.organization_number"),
        AddressCase(
            description: "unknown payment type", type: "kravia.invoice_b2x", change: { _ in },
            field: "payment_product_type"),
    ]

    @Test(arguments: addressCases)
    func badBillingAddressIsA400AndCreatesNoTransaction(_ testCase: AddressCase) {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        var address = Samples.businessAddress
        testCase.change(&address)
        let result = client.complete(sessionId, type: testCase.type, billing: address)
        #expect(result.status == 400)
        let fields = result.body["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
        #expect(fields.contains(testCase.field), "\(fields)")
        #expect(client.send("GET", "/v1/transactions").body == .array([]))
    }

    @Test(arguments: ["5566778899", "556677889900"])
    func swedishOrganizationNumbersOf10And12Digits(_ number: String) {
        var client = EngineClient()
        client.authenticate()
        var address = Samples.businessAddress
        address["country"] = "SE"
        address["organization_number"] = .string(number)
        #expect(client.complete(client.createSession(), billing: address).status == 200)
    }

    @Test(arguments: [("reject", "authorization", "DECLINED"), ("cancel", "cancelled", "PAY_FAILED")])
    func bankIDFailureCreatesNoTransaction(_ identity: String, _ error: String, _ eventName: String) {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        let result = client.complete(
            sessionId, type: "kravia.invoice_b2c", billing: Samples.consumerAddress, identity: identity)
        #expect(result.status == 200)
        #expect(result.body["transaction"] == nil)
        #expect(result.body["error"] == .string(error))
        #expect(
            result.body["redirect_url"]?.stringValue?.hasSuffix("merchant_reference=order-123&error=\(error)") == true)
        let session = client.send("GET", "/v1/sessions/\(sessionId)").body
        #expect(session["transaction_id"] == nil)
        #expect(session["events"]?.arrayValue?.last?["name"] == .string(eventName))
        #expect(client.send("GET", "/v1/transactions").body == .array([]))
        // The customer may try again and succeed.
        #expect(
            client.complete(sessionId, type: "kravia.invoice_b2c", billing: Samples.consumerAddress).body[
                "transaction"]?["status"] == "CAPTURED")
    }

    @Test func b2bWithoutVerificationIgnoresTheBankIDAnswer() {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession(configuration: [
            "kravia": ["invoice_b2b": ["enabled": true, "require_identity_verification": false]]
        ])
        let result = client.complete(sessionId, identity: "reject")
        #expect(result.body["transaction"]?["status"] == "CAPTURED")
        #expect(result.body["transaction"]?["verified_identity"] == nil)
    }

    @Test func paidCancelledAndUnknownSessions() {
        var client = EngineClient()
        client.authenticate()
        let paid = client.createSession()
        _ = client.complete(paid)
        #expect(client.complete(paid).status == 409)
        #expect(client.send("POST", "/v1/sessions/\(paid)/cancel").status == 409)
        #expect(client.send("PUT", "/v1/sessions/\(paid)", json: ["order": ["amount": 1]]).status == 409)
        let cancelled = client.createSession()
        #expect(client.send("POST", "/v1/sessions/\(cancelled)/cancel").body["cancelled_by"] == "sandbox")
        #expect(client.complete(cancelled).status == 409)
        #expect(client.complete("T12345678.unknownunknownunknown1").status == 404)
    }
}
