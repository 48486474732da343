import KraviaEngine
import SandboxSupport
import Testing

/// Every rule of session creation, with the field it names.
@Suite struct SessionValidationTests {
    struct Case: CustomStringConvertible, Sendable {
        var description: String
        var change: @Sendable (inout JSONValue) -> Void
        var field: String
    }

    static let cases: [Case] = [
        Case(description: "missing url", change: { $0["url"] = nil }, field: "url"),
        Case(description: "missing return_url", change: { $0["url"]?["return_url"] = nil }, field: "url.return_url"),
        Case(
            description: "relative return_url", change: { $0["url"]?["return_url"] = "/accept" },
            field: "url.return_url"),
        Case(
            description: "unparseable callback_url", change: { $0["url"]?["callback_url"] = "not a url" },
            field: "url.callback_url"),
        Case(description: "missing order", change: { $0["order"] = nil }, field: "order"),
        Case(description: "amount as string", change: { $0["order"]?["amount"] = "500" }, field: "order.amount"),
        Case(description: "negative amount", change: { $0["order"]?["amount"] = -1 }, field: "order.amount"),
        Case(description: "decimal amount", change: { $0["order"]?["amount"] = .double(10.5) }, field: "order.amount"),
        Case(description: "lowercase currency", change: { $0["order"]?["currency"] = "nok" }, field: "order.currency"),
        Case(
            description: "missing merchant_reference", change: { $0["order"]?["merchant_reference"] = nil },
            field: "order.merchant_reference"),
        Case(
            description: "vat above amount", change: { $0["order"]?["vat_amount"] = 60000 }, field: "order.vat_amount"),
        Case(description: "items not an array", change: { $0["order"]?["items"] = "x" }, field: "order.items"),
        Case(
            description: "item without line_id",
            change: { $0["order"]?["items"] = [["amount": 50000, "description": "x"]] }, field: "order.items[0].line_id"
        ),
        Case(
            description: "duplicate line ids",
            change: {
                $0["order"]?["items"] = [["line_id": "1", "amount": 25000], ["line_id": "1", "amount": 25000]]
            }, field: "order.items[1].line_id"),
        Case(
            description: "vat percent above 100",
            change: { $0["order"]?["items"] = [["line_id": "1", "amount": 50000, "vat": 125]] },
            field: "order.items[0].vat"),
        Case(description: "missing profile_id", change: { $0["profile_id"] = nil }, field: "profile_id"),
        Case(description: "unknown profile", change: { $0["profile_id"] = "nope" }, field: "profile_id"),
        Case(
            description: "days_until_due above 365",
            change: { $0["configuration"] = ["kravia": ["invoice_b2b": ["enabled": true, "days_until_due": 366]]] },
            field: "configuration.kravia.invoice_b2b.days_until_due"),
        Case(
            description: "unknown interval",
            change: {
                $0["configuration"] = ["kravia": ["invoice_b2b_grouped": ["invoice_schedule": ["interval": "weekly"]]]]
            }, field: "configuration.kravia.invoice_b2b_grouped.invoice_schedule.interval"),
        Case(
            description: "invoice_schedule on b2b",
            change: {
                $0["configuration"] = ["kravia": ["invoice_b2b": ["invoice_schedule": ["interval": "monthly"]]]]
            },
            field: "configuration.kravia.invoice_b2b.invoice_schedule"),
        Case(
            description: "unknown channel",
            change: { $0["configuration"] = ["kravia": ["invoice_b2c": ["invoice_channel": "post"]]] },
            field: "configuration.kravia.invoice_b2c.invoice_channel"),
        Case(
            description: "b2c without BankID",
            change: { $0["configuration"] = ["kravia": ["invoice_b2c": ["require_identity_verification": false]]] },
            field: "configuration.kravia.invoice_b2c.require_identity_verification"),
        Case(
            description: "unknown payment type",
            change: { $0["configuration"] = ["kravia": ["invoice_b3b": ["enabled": true]]] },
            field: "configuration.kravia.invoice_b3b"),
        Case(
            description: "enabled as string",
            change: { $0["configuration"] = ["kravia": ["invoice_b2b": ["enabled": "yes"]]] },
            field: "configuration.kravia.invoice_b2b.enabled"),
    ]

    @Test(arguments: cases)
    func invalidBodyIsA400NamingTheFieldAndStoresNothing(_ testCase: Case) {
        var client = EngineClient()
        client.authenticate()
        var body = Samples.sessionProfileBody()
        testCase.change(&body)
        let result = client.send("POST", "/v1/sessions-profile", json: body)
        #expect(result.status == 400)
        #expect(result.body["error"]?["code"] == "INVALID_REQUEST_PARAMETER")
        let fields = result.body["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
        #expect(fields.contains(testCase.field), "\(fields)")
        #expect(client.send("GET", "/v1/sessions").body == .array([]))
    }

    @Test func b2cWithoutBankIDIsAllowedWhenTheMerchantDeliversTheInvoice() {
        var client = EngineClient()
        client.authenticate()
        var body = Samples.sessionProfileBody()
        body["configuration"] = [
            "kravia": [
                "invoice_b2c": ["enabled": true, "require_identity_verification": false, "invoice_channel": "merchant"]
            ]
        ]
        #expect(client.send("POST", "/v1/sessions-profile", json: body).status == 200)
    }

    @Test func newerDeliveryMethodSpellingIsAccepted() {
        var client = EngineClient()
        client.authenticate()
        var body = Samples.sessionProfileBody()
        body["configuration"] = [
            "kravia": ["invoice_b2c": ["require_identity_verification": false, "invoice_delivery_method": "merchant"]]
        ]
        #expect(client.send("POST", "/v1/sessions-profile", json: body).status == 200)
    }

    @Test func sessionsEndpointRequiresConfiguration() {
        var client = EngineClient()
        client.authenticate()
        var body = Samples.sessionProfileBody()
        body["profile_id"] = nil
        let result = client.send("POST", "/v1/sessions", json: body)
        #expect(result.status == 400)
        #expect(result.body["error"]?["errors"]?[0]?["field"] == "configuration")
    }

    @Test func strictSessionAmountsRequiresItemsToAddUp() {
        var client = EngineClient()
        client.authenticate()
        var body = Samples.sessionProfileBody()
        body["order"]?["amount"] = 60000
        #expect(client.send("POST", "/v1/sessions-profile", json: body).status == 200)
        let strict = client.send(
            "POST", "/v1/sessions-profile", json: body, headers: ["Dintero-Feature-Toggles": "strict-session-amounts"])
        #expect(strict.status == 400)
        #expect(strict.body["error"]?["errors"]?[0]?["field"] == "order.amount")
    }

    @Test func malformedJSONAndWrongContentType() {
        var client = EngineClient()
        client.authenticate()
        let garbage = client.sandbox.handle(
            .init(
                method: "POST", target: "/v1/sessions-profile",
                headers: ["Authorization": "Bearer \(client.token ?? "")", "Content-Type": "application/json"],
                body: .init("{\"url\": ".utf8)))
        #expect(garbage.status == 400)
        let form = client.sandbox.handle(
            .init(
                method: "POST", target: "/v1/sessions-profile",
                headers: ["Authorization": "Bearer \(client.token ?? "")", "Content-Type": "text/plain"],
                body: .init("hello".utf8)))
        #expect(form.status == 415)
    }
}
