import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// What arrives at the merchant's `callback_url`, over a real socket.
@Suite struct CallbackRequestTests {
    @Test func getKeepsTheMerchantsParametersAndAddsDinterosSigned() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let url = receiver.url("/shop/cb?b=1&report_event=REFUND&note=a+b&report_event=CAPTURE&b=2")
            let (sessionId, transactionId) = client.checkout(callbackURL: url, reference: "order 42")
            #expect(client.sandbox.deliverDueCallbacks())

            let requests = receiver.received
            #expect(requests.map(\.method) == ["GET", "GET"])
            let created = try #require(requests.first)
            #expect(created.path == "/shop/cb")
            #expect(
                created.parameters == [
                    "b=1", "report_event=REFUND", "note=a b", "report_event=CAPTURE", "b=2",
                    "transaction_id=\(transactionId)", "session_id=\(sessionId)", "merchant_reference=order 42",
                    "time=2027-01-05T10:00:00.000Z",
                ])
            #expect(created.body.isEmpty)
            #expect(created.headers["Dintero-Signature"]?.hasPrefix("t=1799143200,v0-hmac-sha256=") == true)
            #expect(IndependentSignature.verify(created))
            #expect(!IndependentSignature.verify(created, secret: "another secret"))
            let deliveryIds = client.deliveries().compactMap { $0["id"]?.stringValue }
            #expect(created.headers["event-delivery"] == deliveryIds.first)

            // report_event=CAPTURE: the capture at registration gets its own callback, event and event_id added.
            let capture = try #require(requests.last)
            let eventId = client.send("GET", "/v1/transactions/\(transactionId)").body["events"]?.arrayValue?
                .first { $0["event"] == "CAPTURE" }?["id"]?.stringValue
            #expect(
                capture.parameterNames == [
                    "b", "report_event", "note", "report_event", "b", "transaction_id", "session_id",
                    "merchant_reference", "time", "event", "event_id",
                ])
            #expect(capture.queryValue("event") == "CAPTURE")
            #expect(capture.queryValue("event_id") == eventId)
            #expect(capture.headers["event-delivery"] == deliveryIds.last)
            #expect(IndependentSignature.verify(capture))
        }
    }

    @Test func postCarriesTheTransactionAndWithIncludesTheSession() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let (_, transactionId) = client.checkout(callbackURL: receiver.url("/cb?method=POST&includes=session"))
            client.sandbox.deliverDueCallbacks()
            let request = try #require(receiver.received.first)
            #expect(request.method == "POST")
            #expect(request.headers["Content-Type"] == "application/json; charset=utf-8")
            #expect(request.queryValue("method") == "POST")
            #expect(request.queryValue("transaction_id") == transactionId)
            let body = try JSONParser.parse(request.body)
            let fetched = client.send("GET", "/v1/transactions/\(transactionId)?includes=session").body
            #expect(body == fetched)
            #expect(body["session"]?["id"] != nil)
            #expect(IndependentSignature.verify(request), "the body is not signed: POST signs like GET")
        }
    }

    @Test func postWithoutIncludesHasNoSession() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let (_, transactionId) = client.checkout(callbackURL: receiver.url("/cb?method=POST"))
            client.sandbox.deliverDueCallbacks()
            let body = try JSONParser.parse(try #require(receiver.received.first).body)
            #expect(body == client.send("GET", "/v1/transactions/\(transactionId)").body)
            #expect(body["session"] == nil)
        }
    }

    @Test func sidParameterNameRenamesTheSessionId() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let (sessionId, _) = client.checkout(callbackURL: receiver.url("/cb?sid_parameter_name=sid"))
            client.sandbox.deliverDueCallbacks()
            let request = try #require(receiver.received.first)
            #expect(request.queryValue("sid") == sessionId)
            #expect(request.queryValue("session_id") == nil)
            #expect(IndependentSignature.verify(request))
        }
    }

    @Test func withoutASecretThereIsNoSignatureButStillADeliveryId() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated(.testingCallbacks(secret: nil))
            _ = client.checkout(callbackURL: receiver.url())
            client.sandbox.deliverDueCallbacks()
            let request = try #require(receiver.received.first)
            #expect(request.headers["Dintero-Signature"] == nil)
            #expect(request.headers["event-delivery"]?.count == 36)
        }
    }

    @Test func aSecretCreatedThroughTheAPISignsLaterCallbacks() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated(.testingCallbacks(secret: nil))
            let secret = client.send("POST", "/v1/admin/signature").body["secret"]?.stringValue ?? ""
            _ = client.checkout(callbackURL: receiver.url())
            client.sandbox.deliverDueCallbacks()
            let request = try #require(receiver.received.first)
            #expect(IndependentSignature.verify(request, secret: secret))
        }
    }

    @Test func noCallbackURLMeansNoDelivery() {
        let client = EngineClient.authenticated()
        let sessionId = client.createSession(callbackURL: nil)
        #expect(client.complete(sessionId).status == 200)
        #expect(client.deliveries().isEmpty)
    }
}
