import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The hosted checkout walked through with plain form posts, as a browser without JavaScript would, and with
/// the `embedded=1` posts the page's script makes inside the Web SDK's iframe.
@Suite struct HostedPageTests {
    func post(_ client: EngineClient, _ sessionId: String, _ fields: [(String, String)], query: String = "")
        -> HTTPResponse
    {
        client.sandbox.handle(
            HTTPRequest(
                method: "POST", target: "/v1/view/\(sessionId)\(query)",
                headers: ["Host": "sandbox.test", "Content-Type": "application/x-www-form-urlencoded"],
                body: Data(FormEncoding.serialize(fields.map { (name: $0.0, value: $0.1) }).utf8)))
    }

    static let details: [(String, String)] = [
        ("step", "details"), ("payment_product_type", "kravia.invoice_b2c"), ("first_name", "Åse"),
        ("last_name", "Nordmann"), ("address_line", "Storgata 1"), ("postal_code", "0151"), ("postal_place", "Oslo"),
        ("country", "NO"), ("phone_number", "+4799999999"), ("email", "ase@example.no"), ("scenario", ""),
    ]

    static func replacing(_ name: String, with value: String, in fields: [(String, String)] = details) -> [(
        String, String
    )] {
        fields.map { $0.0 == name ? (name, value) : $0 }
    }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// The JSON the page hands its script (`#kravia-state`).
    func pageState(_ response: HTTPResponse) throws -> JSONValue {
        let html = text(response)
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"kravia-state\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return try JSONParser.parse(Data(html[start.upperBound..<end.lowerBound].utf8))
    }

    func client() -> (EngineClient, String) {
        var client = EngineClient()
        client.authenticate()
        return (client, client.createSession())
    }

    @Test func pageShowsOrderCustomerFacingTypesFormAndScenarioPicker() {
        let (client, sessionId) = client()
        let page = client.send("GET", "/v1/view/\(sessionId)?language=en")
        #expect(page.status == 200)
        #expect(page.response.headers["Content-Type"] == "text/html; charset=utf-8")
        let html = text(page.response)
        for text in [
            "Consulting services", "500,00\u{00A0}NOK", "Invoice for businesses", "Monthly invoice for businesses",
            "due 14 days later", "Sandbox Merchant AS", "on-hold-then-captured",
            "<form class=\"checkout-form\" method=\"post\"",
            "type=\"email\" id=\"f-email\" name=\"email\" autocomplete=\"email\" required",
            "type=\"tel\" id=\"f-phone_number\" name=\"phone_number\" autocomplete=\"tel\" required",
            "inputmode=\"tel\"", "<select id=\"f-country\" name=\"country\" autocomplete=\"country\" required>",
            "data-testid=\"test-banner\"", "<html lang=\"en\">",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains(">kravia.invoice_b2b<"), "a payment type shown by its API name")
        #expect(!html.contains("<link") && !html.contains("src=\"http"), "an external asset")
        #expect(client.send("GET", "/v1/sessions/\(sessionId)").body["events"]?.arrayValue?.last?["name"] == "VISITED")
    }

    @Test func aPageInTheCustomersLanguagePreselectsTheirCountry() {
        let (client, sessionId) = client()
        let swedish = text(client.send("GET", "/?sid=\(sessionId)&language=sv").response)
        #expect(swedish.contains("<option value=\"SE\" selected data-i18n=\"country.SE\">Sverige</option>"))
        let english = text(client.send("GET", "/?sid=\(sessionId)&language=en").response)
        #expect(english.contains("<option value=\"\" selected data-i18n=\"country.choose\">"))
    }

    @Test func theSDKEntryServesTheSamePageWithItsParameters() throws {
        let (client, sessionId) = client()
        let query = "sdk=0.9.1&ui=inline&language=sv&client_side_validation=true&hide_test_message=true"
        let entry = client.send("GET", "/?\(query)&sdk_hostname=shop.example&sid=\(sessionId)")
        #expect(entry.status == 200)
        let html = text(entry.response)
        #expect(html.contains("<html lang=\"sv\">"))
        #expect(html.contains("<body class=\"ui-inline\">"))
        #expect(!html.contains("data-testid=\"test-banner\""))
        #expect(html.contains("action=\"/v1/view/\(sessionId)?\(query.replacingOccurrences(of: "&", with: "&amp;"))"))
        let state = try pageState(entry.response)
        #expect(state["sid"]?.stringValue == sessionId)
        #expect(state["client_side_validation"] == .bool(true))
        #expect(state["session"]?["id"]?.stringValue == sessionId)
        let view = client.send("GET", "/v1/view/\(sessionId)?\(query)")
        #expect(text(view.response).contains("<html lang=\"sv\">"))
        let missing = client.send("GET", "/?sdk=0.9.1&sid=T12345678.nosuchsessionnosuchses")
        #expect(missing.status == 404)
        #expect(try pageState(missing.response)["state"] == "not-found")
    }

    @Test func detailsThenBankIDApproveRedirectsToReturnURL() {
        let (client, sessionId) = client()
        let bankID = post(client, sessionId, Self.details)
        #expect(bankID.status == 200)
        let html = text(bankID)
        #expect(html.contains("name=\"identity\" value=\"approve\""))
        #expect(html.contains("value=\"Åse\""))
        #expect(html.contains("Sandbox Merchant AS") && html.contains("500,00\u{00A0}NOK"))
        let done = post(
            client, sessionId, Self.details.filter { $0.0 != "step" } + [("step", "identity"), ("identity", "approve")])
        #expect(done.status == 302)
        let location = done.headers["Location"] ?? ""
        #expect(location.hasPrefix("https://example.com/accept?transaction_id=T12345678."))
        let transactionId =
            HTTPRequest(method: "GET", target: "/?" + (location.split(separator: "?").last.map(String.init) ?? ""))
            .queryValue("transaction_id") ?? ""
        let transaction = client.send("GET", "/v1/transactions/\(transactionId)").body
        #expect(transaction["status"] == "CAPTURED")
        #expect(transaction["billing_address"]?["first_name"] == "Åse")
        #expect(transaction["verified_identity"]?["given_name"] == "Åse")
    }

    @Test func editFromBankIDGoesBackToTheFilledForm() {
        let (client, sessionId) = client()
        let back = post(client, sessionId, Self.details + [("action", "edit")])
        #expect(back.status == 200)
        #expect(text(back).contains("data-state=\"form\""))
        #expect(text(back).contains("value=\"ase@example.no\""))
    }

    @Test(arguments: [("reject", "authorization"), ("cancel", "cancelled")])
    func bankIDFailureRedirectsWithErrorAndKeepsTheDetails(_ identity: String, _ error: String) {
        let (client, sessionId) = client()
        let done = post(client, sessionId, Self.replacing("email", with: "retry@example.no") + [("identity", identity)])
        #expect(done.status == 302)
        #expect(done.headers["Location"] == "https://example.com/accept?merchant_reference=order-123&error=\(error)")
        let again = text(client.send("GET", "/v1/view/\(sessionId)").response)
        #expect(again.contains("value=\"retry@example.no\""))
        #expect(again.contains("value=\"kravia.invoice_b2c\" data-business=\"false\" required checked"))
    }

    @Test func invalidDetailsShowCustomerMessagesWithASummaryAndARIA() {
        let (client, sessionId) = client()
        let fields = Self.replacing("email", with: "not-an-email", in: Self.replacing("phone_number", with: "12"))
        let result = post(client, sessionId, fields, query: "?language=en")
        #expect(result.status == 400)
        let html = text(result)
        for text in [
            "data-testid=\"error-summary\"", "<a href=\"#f-email\" data-i18n=\"error.email.invalid\">",
            "Enter an email address like name@example.com", "Enter a phone number of 5 to 15 digits",
            "aria-invalid=\"true\" aria-describedby=\"f-email-error f-email-hint\"", "value=\"not-an-email\"",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains("expected an email address"), "the API's technical message shown to a customer")
        let norwegian = text(post(client, sessionId, fields, query: "?language=no"))
        #expect(norwegian.contains("Skriv inn en e-postadresse som navn@eksempel.no"))
    }

    @Test(arguments: [
        ("NO", "1234", "Enter a 9-digit organization number"),
        ("SE", "1234", "Enter a 10- or 12-digit organization number"),
        ("FI", "1234", "Enter a business ID like 1234567-8"),
    ])
    func organizationNumberMessagesNameTheCountrysForm(_ country: String, _ number: String, _ message: String) {
        let (client, sessionId) = client()
        let fields =
            Self.replacing(
                "payment_product_type", with: "kravia.invoice_b2b", in: Self.replacing("country", with: country))
            + [("business_name", "Nordmann AS"), ("organization_number", number)]
        let result = post(client, sessionId, fields, query: "?language=en")
        #expect(result.status == 400)
        #expect(text(result).contains(message))
    }

    @Test func whatCustomersTypeIsAccepted() {
        let (client, sessionId) = client()
        let fields =
            Self.replacing(
                "payment_product_type", with: "kravia.invoice_b2b",
                in: Self.replacing("country", with: " fi", in: Self.replacing("phone_number", with: "+358 40 123-4567"))
            )
            + [("business_name", "Oy Ab"), ("organization_number", "1234567 8"), ("identity", "approve")]
        let done = post(client, sessionId, fields)
        #expect(done.status == 302, "\(text(done))")
        let transactionId = client.send("GET", "/v1/sessions/\(sessionId)").body["transaction_id"]?.stringValue ?? ""
        let billing = client.send("GET", "/v1/transactions/\(transactionId)").body["billing_address"]
        #expect(billing?["country"] == "FI")
        #expect(billing?["phone_number"] == "+358401234567")
        #expect(billing?["organization_number"] == "1234567-8")
    }

    @Test func aConsumerPaymentDropsBusinessFieldsSentByAPageWithoutJavaScript() {
        let (client, sessionId) = client()
        let fields = Self.details + [("business_name", "Hidden AS"), ("identity", "approve")]
        #expect(post(client, sessionId, fields).status == 302)
        let transactionId = client.send("GET", "/v1/sessions/\(sessionId)").body["transaction_id"]?.stringValue ?? ""
        #expect(
            client.send("GET", "/v1/transactions/\(transactionId)").body["billing_address"]?["business_name"] == nil)
    }

    @Test func anEmptiedPrefilledFieldIsGoneNotRefilled() {
        var client = EngineClient()
        client.authenticate()
        var body = Samples.sessionProfileBody()
        var order = body["order"] ?? [:]
        order["billing_address"] = Samples.consumerAddress
        body["order"] = order
        let sessionId = client.send("POST", "/v1/sessions-profile", json: body).body["id"]?.stringValue ?? ""
        let page = text(client.send("GET", "/v1/view/\(sessionId)").response)
        #expect(page.contains("value=\"ola@nordmann.no\""))

        let emptiedEmail = post(client, sessionId, Self.replacing("email", with: "") + [("identity", "approve")])
        #expect(emptiedEmail.status == 400)
        #expect(text(emptiedEmail).contains("Enter your email address"))

        let emptiedCity = post(client, sessionId, Self.replacing("postal_place", with: "") + [("identity", "approve")])
        #expect(emptiedCity.status == 302)
        let transactionId = client.send("GET", "/v1/sessions/\(sessionId)").body["transaction_id"]?.stringValue ?? ""
        let billing = client.send("GET", "/v1/transactions/\(transactionId)").body["billing_address"]
        #expect(billing?["postal_place"] == nil)
        #expect(billing?["email"] == "ase@example.no")
    }

    @Test func scenarioPickedOnThePageDecidesTheOutcome() {
        let (client, sessionId) = client()
        let done = post(
            client, sessionId, Self.replacing("scenario", with: "registration-failed") + [("identity", "approve")])
        #expect(done.status == 302)
        #expect(done.headers["Location"]?.hasSuffix("&error=failed") == true)
    }

    @Test func leavingReturnsToTheShopCancelledWithoutChangingTheSession() {
        let (client, sessionId) = client()
        let done = post(client, sessionId, Self.details + [("action", "leave")])
        #expect(done.headers["Location"] == "https://example.com/accept?merchant_reference=order-123&error=cancelled")
        #expect(client.send("GET", "/v1/sessions/\(sessionId)").body["cancelled_at"] == nil)
    }

    @Test(arguments: [
        ("", "SessionPaymentAuthorized", nil as String?),
        ("on-hold-then-captured", "SessionPaymentOnHold", nil),
        ("registration-failed", "SessionPaymentError", "failed"),
        ("bankid-failure", "SessionPaymentError", "authorization"),
        ("bankid-cancelled", "SessionCancel", nil),
    ])
    func embeddedPostsEndInTheSDKEventInsteadOfTheRedirect(_ scenario: String, _ type: String, _ error: String?) throws
    {
        let (client, sessionId) = client()
        let fields = Self.replacing("scenario", with: scenario) + [("identity", "approve"), ("embedded", "1")]
        let done = post(client, sessionId, fields)
        #expect(done.status == 200)
        let state = try pageState(done)
        #expect(state["state"] == "outcome")
        let event = try #require(state["event"])
        #expect(event["type"]?.stringValue == type)
        let payload = try #require(event["payload"])
        let transactionId = client.send("GET", "/v1/sessions/\(sessionId)").body["transaction_id"]?.stringValue
        #expect(payload["transaction_id"]?.stringValue == transactionId)
        #expect(payload["merchant_reference"] == "order-123")
        #expect(payload["error"]?.stringValue == error)
        var href = "https://example.com/accept?"
        if let transactionId { href += "transaction_id=\(transactionId)&" }
        href += "merchant_reference=order-123"
        if let error = error ?? (type == "SessionCancel" ? "cancelled" : nil) { href += "&error=\(error)" }
        #expect(payload["href"]?.stringValue == href)
        let linksBack = text(done).contains("href=\"\(HTML.escape(href))\" target=\"_top\" hidden")
        #expect(linksBack, "the fallback link back to the shop")
    }

    @Test func embedResultShowsTheOutcomeInTheSDKsLanguage() throws {
        let (client, sessionId) = client()
        let cases = [
            ("", "Betalingen er fullført"), ("&error=cancelled", "Betalingen er avbrutt"),
            ("&error=authorization", "BankID kunne ikke bekrefte hvem du er"),
        ]
        for (query, expected) in cases {
            let page = client.send(
                "GET", "/embedResult/?sid=\(sessionId)&merchant_reference=order-123\(query)&language=no&sdk=0.9.1")
            #expect(page.status == 200)
            #expect(text(page.response).contains(expected))
            #expect(text(page.response).contains("order-123"))
            #expect(try pageState(page.response)["sid"]?.stringValue == sessionId)
        }
    }

    @Test func paidSessionPageIsFriendlyAndLinksBackToTheShop() {
        let (client, sessionId) = client()
        let transactionId = client.complete(sessionId).body["transaction"]?["id"]?.stringValue ?? ""
        let paid = client.send("GET", "/v1/view/\(sessionId)?language=en")
        #expect(paid.status == 409)
        #expect(text(paid.response).contains("This order is already paid"))
        #expect(
            text(paid.response).contains(
                "href=\"https://example.com/accept?transaction_id=\(transactionId)&amp;merchant_reference=order-123\""))
        let missing = client.send("GET", "/v1/view/T12345678.nosuchsessionnosuchses")
        #expect(missing.status == 404)
        #expect(text(missing.response).contains("data-state=\"not-found\""))
    }

    @Test func theSessionJSONInThePageCannotCloseItsScriptElement() throws {
        var client = EngineClient()
        client.authenticate()
        var body = Samples.sessionProfileBody(reference: "</script><script>alert(1)</script>")
        var order = body["order"] ?? [:]
        order["items"] = [["amount": 50000, "quantity": 1, "line_id": "1", "description": "<b>bold</b>", "vat": 25]]
        body["order"] = order
        let sessionId = client.send("POST", "/v1/sessions-profile", json: body).body["id"]?.stringValue ?? ""
        let page = client.send("GET", "/v1/view/\(sessionId)")
        let html = text(page.response)
        #expect(!html.contains("</script><script>alert"))
        #expect(html.contains("&lt;b&gt;bold&lt;/b&gt;"))
        #expect(
            try pageState(page.response)["session"]?["order"]?["merchant_reference"]
                == "</script><script>alert(1)</script>")
    }
}
