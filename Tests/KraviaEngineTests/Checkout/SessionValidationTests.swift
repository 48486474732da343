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
        // Unchecked, these overflowed the strict sum, or `abs` on the hosted page's summary: the process ended.
        Case(
            description: "huge shipping amount", change: { $0["order"]?["shipping_option"] = ["amount": .int(.max)] },
            field: "order.shipping_option.amount"),
        Case(
            description: "negative shipping amount",
            change: { $0["order"]?["shipping_option"] = ["amount": .int(.min)] }, field: "order.shipping_option.amount"),
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

    /// Unknown keys are accepted and kept at every level of a session body, `configuration.kravia` included: the
    /// same rule for each object, and known keys are still checked beside them.
    @Test func unknownKeysAreKeptAtEveryLevelAndChangeNothing() {
        var client = EngineClient()
        client.authenticate()
        var body = Samples.sessionProfileBody()
        body["colour"] = "red"
        body["url"]?["colour"] = "green"
        body["order"]?["colour"] = "blue"
        body["order"]?["items"] = [["amount": 50000, "line_id": "1", "description": "Consulting", "colour": "cyan"]]
        body["configuration"] = [
            "kravia": [
                "colour": "black", "invoice_b3b": ["enabled": true],
                "invoice_b2b": ["enabled": true, "days_until_due": 30, "colour": "white"],
            ]
        ]
        let created = client.send("POST", "/v1/sessions-profile", json: body)
        #expect(created.status == 200, "\(created.body)")
        let session = client.send("GET", "/v1/sessions/\(created.body["id"]?.stringValue ?? "")").body
        #expect(session["colour"] == "red")
        #expect(session["url"]?["colour"] == "green")
        #expect(session["order"]?["colour"] == "blue")
        #expect(session["order"]?["items"]?[0]?["colour"] == "cyan")
        let kravia = session["configuration"]?["kravia"]
        #expect(kravia?["colour"] == "black")
        #expect(kravia?["invoice_b3b"] == ["enabled": true])
        #expect(kravia?["invoice_b2b"]?["colour"] == "white")
        #expect(kravia?["invoice_b2b"]?["days_until_due"] == 30)

        body["configuration"]?["kravia"]?["invoice_b2b"]?["days_until_due"] = 400
        let invalid = client.send("POST", "/v1/sessions-profile", json: body)
        #expect(invalid.status == 400)
        let fields = invalid.body["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }
        #expect(fields == ["configuration.kravia.invoice_b2b.days_until_due"])
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

    /// A body that stops short is reported as ending, at its length, whatever the parser expected next (a key,
    /// a value, the rest of a literal or of a string); a wrong byte before the end keeps its own reason.
    @Test(arguments: [
        (#"{"profile_id": "default", "order": {"#, "unexpected end of the body at byte 36"),
        (#"{"profile_id": "default", "order": {"amount": 5"#, "unexpected end of the body at byte 47"),
        (#"{"url": "#, "unexpected end of the body at byte 8"),
        (#"{"profile_id": "defa"#, "unexpected end of the body at byte 20"),
        (#"{"express": tru"#, "unexpected end of the body at byte 15"),
        (#"{"order": {"amount": 5,   "#, "unexpected end of the body at byte 26"),
        (#"{"order": {"amount": 5,}}"#, "expected a key at byte 23"),
    ])
    func aTruncatedBodySaysItEnded(body: String, reason: String) {
        var client = EngineClient()
        client.authenticate()
        let answer = client.sandbox.handle(
            .init(
                method: "POST", target: "/v1/sessions-profile",
                headers: ["Authorization": "Bearer \(client.token ?? "")", "Content-Type": "application/json"],
                body: .init(body.utf8)))
        #expect(answer.status == 400)
        let error = (try? JSONParser.parse(answer.body))?["error"]
        #expect(error?["code"] == "INVALID_REQUEST_BODY")
        #expect(error?["message"] == .string("Request body is not valid JSON: \(reason)"))
        #expect(error?["errors"] == [["field": "body", "description": .string(reason)]])
    }
}
