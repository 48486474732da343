import Foundation
import KraviaEngine
import SandboxHTTP
import Testing

/// The hosted checkout walked through with plain form posts, as a browser without JavaScript would.
@Suite struct HostedPageTests {
    func post(_ client: EngineClient, _ sessionId: String, _ fields: [(String, String)]) -> HTTPResponse {
        client.sandbox.handle(
            HTTPRequest(
                method: "POST", target: "/v1/view/\(sessionId)",
                headers: ["Host": "sandbox.test", "Content-Type": "application/x-www-form-urlencoded"],
                body: Data(FormEncoding.serialize(fields.map { (name: $0.0, value: $0.1) }).utf8)))
    }

    static let details: [(String, String)] = [
        ("step", "details"), ("payment_product_type", "kravia.invoice_b2c"), ("first_name", "Åse"),
        ("last_name", "Nordmann"), ("address_line", "Storgata 1"), ("postal_code", "0151"), ("postal_place", "Oslo"),
        ("country", "NO"), ("phone_number", "+4799999999"), ("email", "ase@example.no"), ("scenario", ""),
    ]

    @Test func pageShowsOrderTypesFormAndScenarioPicker() {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        let page = client.send("GET", "/v1/view/\(sessionId)")
        #expect(page.status == 200)
        #expect(page.response.headers["Content-Type"]?.hasPrefix("text/html") == true)
        let html = String(decoding: page.response.body, as: UTF8.self)
        for text in [
            "Consulting services", "500,00 NOK", "kravia.invoice_b2b_grouped", "name=email", "on-hold-then-captured",
            "<form method=post",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains("<script"))
        #expect(client.send("GET", "/v1/sessions/\(sessionId)").body["events"]?.arrayValue?.last?["name"] == "VISITED")
    }

    @Test func detailsThenBankIDApproveRedirectsToReturnURL() {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        let bankID = post(client, sessionId, Self.details)
        #expect(bankID.status == 200)
        let html = String(decoding: bankID.body, as: UTF8.self)
        #expect(html.contains("name=identity value=approve"))
        #expect(html.contains("value=\"Åse\""))
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

    @Test(arguments: [("reject", "authorization"), ("cancel", "cancelled")])
    func bankIDFailureRedirectsWithError(_ identity: String, _ error: String) {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        let done = post(client, sessionId, Self.details + [("identity", identity)])
        #expect(done.status == 302)
        #expect(done.headers["Location"] == "https://example.com/accept?merchant_reference=order-123&error=\(error)")
    }

    @Test func invalidDetailsRerenderTheFormWithErrors() {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        let result = post(client, sessionId, Self.details.map { $0.0 == "email" ? ("email", "not-an-email") : $0 })
        #expect(result.status == 400)
        let html = String(decoding: result.body, as: UTF8.self)
        #expect(html.contains("expected an email address"))
        #expect(html.contains("value=\"not-an-email\""))
    }

    @Test func scenarioPickedOnThePageDecidesTheOutcome() {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        let fields = Self.details.map { $0.0 == "scenario" ? ("scenario", "registration-failed") : $0 }
        let done = post(client, sessionId, fields + [("identity", "approve")])
        #expect(done.status == 302)
        #expect(done.headers["Location"]?.hasSuffix("&error=failed") == true)
    }

    @Test func paidSessionPageSaysSo() {
        var client = EngineClient()
        client.authenticate()
        let sessionId = client.createSession()
        _ = client.complete(sessionId)
        #expect(client.send("GET", "/v1/view/\(sessionId)").status == 409)
        #expect(client.send("GET", "/v1/view/T12345678.nosuchsessionnosuchses").status == 404)
    }
}
