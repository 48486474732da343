import Foundation
import KraviaEngine
import SandboxHTTP
import Testing

/// The browser redirect to `return_url` (dintero-api-notes §3.3).
@Suite struct ReturnURLTests {
    @Test func successCarriesTheTransactionAndReferenceAfterTheMerchantsParameters() throws {
        let client = EngineClient.authenticated()
        let sessionId = client.createSession(
            callbackURL: nil, returnURL: "https://shop.example/accept?lang=nb&lang=en#top", reference: "order 7")
        let result = client.complete(sessionId)
        let transactionId = result.body["transaction"]?["id"]?.stringValue ?? ""
        #expect(
            result.body["redirect_url"]?.stringValue
                == "https://shop.example/accept?lang=nb&lang=en&transaction_id=\(transactionId)"
                + "&merchant_reference=order+7#top")
    }

    @Test(arguments: [("reject", "authorization"), ("cancel", "cancelled")])
    func bankIDFailuresCarryTheErrorAndNoTransaction(identity: String, error: String) {
        let client = EngineClient.authenticated()
        let sessionId = client.createSession(callbackURL: nil)
        let result = client.complete(sessionId, identity: identity)
        #expect(
            result.body["redirect_url"]
                == .string("https://example.com/accept?merchant_reference=order-123&error=\(error)"))
    }

    @Test func aFailedRegistrationCarriesTheTransactionAndError() {
        let client = EngineClient.authenticated()
        let sessionId = client.createSession(callbackURL: nil)
        let result = client.complete(sessionId, scenario: "registration-failed")
        let transactionId = result.body["transaction"]?["id"]?.stringValue ?? ""
        #expect(!transactionId.isEmpty)
        #expect(
            result.body["redirect_url"]
                == .string(
                    "https://example.com/accept?transaction_id=\(transactionId)&merchant_reference=order-123&error=failed"
                ))
    }
}

/// An unusable `callback_url` is refused when the session is created, not discovered at delivery time.
@Suite struct CallbackURLValidationTests {
    @Test(arguments: [
        "not a url", "ftp://example.com/cb", "http://", "http:///cb", "http://exa mple.com/cb", "http://exämple.com/cb",
        "mailto:shop@example.com", "//example.com/cb",
    ])
    func unparseableCallbackURLIsA400(url: String) {
        let client = EngineClient.authenticated()
        var body = Samples.sessionProfileBody()
        body["url"] = ["return_url": "https://example.com/accept", "callback_url": .string(url)]
        let result = client.send("POST", "/v1/sessions-profile", json: body)
        #expect(result.status == 400, "\(url)")
        #expect(result.body["error"]?["errors"]?[0]?["field"] == "url.callback_url")
    }

    @Test(arguments: [
        "http://127.0.0.1:8080/cb", "http://localhost/cb?x=1", "https://shop.example/cb", "http://[::1]:9/cb",
    ])
    func httpAndLoopbackCallbackURLsAreAccepted(url: String) {
        let client = EngineClient.authenticated()
        #expect(!client.createSession(callbackURL: url).isEmpty)
    }
}
