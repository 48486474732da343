import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// Account webhooks delivered to a real receiver: the ping, transaction events with Dintero's headers and an
/// HMAC-SHA1 signature recomputed here, retries 120 s apart in sandbox time, and the give-up after five.
@Suite struct WebhookTests {
    static let secret = "hook-secret"

    /// Subscribes `events` at `receiver` and returns the subscription's id.
    static func subscribe(_ client: EngineClient, _ receiver: CallbackReceiver, events: [JSONValue]) -> String {
        let created = client.send(
            "POST", "/v1/accounts/T12345678/hooks/subscriptions",
            json: [
                "config": [
                    "url": .string(receiver.url("/hooks")), "content_type": "application/json",
                    "secret": .string(secret),
                ], "events": .array(events),
            ])
        #expect(created.status == 200, "\(created.body)")
        #expect(created.body["config"]?["secret"] == "********")
        return created.body["id"]?.stringValue ?? ""
    }

    /// The signature the merchant's code computes: hex HMAC-SHA1 of the raw body with the secret.
    static func isSigned(_ request: HTTPRequest) -> Bool {
        let expected = HMACSHA1.authenticationCode(key: Array(secret.utf8), message: Array(request.body)).hexString
        return request.headers["event-signature"] == expected
    }

    @Test func pingThenTransactionEventsSignedAsDinteroSignsThem() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let id = Self.subscribe(client, receiver, events: ["checkout_transaction"])
            client.sandbox.deliverDueCallbacks()
            #expect(receiver.received.count == 1)
            let ping = try #require(receiver.received.first)
            #expect(ping.headers["event"] == "ping")
            #expect(try JSONParser.parse(ping.body)["hook_id"] == .string(id))

            let (_, transactionId) = client.checkout(callbackURL: "http://127.0.0.1:9/unused")
            _ = client.send("POST", "/v1/transactions/\(transactionId)/refund", json: ["amount": 1000])
            client.sandbox.deliverDueCallbacks()
            let events = receiver.received.dropFirst()
            #expect(events.count == 3)
            for request in events {
                #expect(request.method == "POST")
                #expect(request.path == "/hooks")
                #expect(request.headers["event"] == "checkout_transaction")
                #expect(Self.isSigned(request))
                let body = try JSONParser.parse(request.body)
                #expect(body["account_id"] == "T12345678")
                #expect(body["event"] == "checkout_transaction")
                #expect(body["event_delivery"] == .string(request.headers["event-delivery"] ?? ""))
                #expect(body["transaction"]?["id"] == .string(transactionId))
            }
            // Created, then its registration (CAPTURE), then the refund.
            let statuses = try events.map { try JSONParser.parse($0.body)["transaction"]?["status"] }
            #expect(statuses == ["CAPTURED", "CAPTURED", "PARTIALLY_REFUNDED"])
            let listed = client.send("GET", "/__sandbox/webhooks?subscription_id=\(id)").body["deliveries"]
            #expect(
                listed?.arrayValue?.map { $0["webhook_event"] } == [
                    "ping", "checkout_transaction", "checkout_transaction", "checkout_transaction",
                ])
            #expect(
                client.send("GET", "/__sandbox/callbacks").body["deliveries"]?.arrayValue?.allSatisfy {
                    $0["subscription_id"] == nil
                } == true)
            let delivered = client.send("GET", "/__sandbox/webhooks?subscription_id=\(id)&state=delivered")
            #expect(delivered.body["deliveries"]?.arrayValue?.count == 4)
            // An unknown state is refused, as on the callbacks list (it listed nothing, with a 200).
            let invalid = client.send("GET", "/__sandbox/webhooks?state=nope")
            #expect(invalid.status == 400)
            #expect(invalid.body["error"]?["errors"]?[0]?["field"] == "state")
        }
    }

    @Test func aFailingEndpointIsRetried120SecondsApartThenGivenUpOnAfterFive() throws {
        try withCallbackReceiver(statuses: [500, 500, 302, 500, 500]) { receiver in
            let client = EngineClient.authenticated()
            _ = Self.subscribe(client, receiver, events: ["checkout_authorization"])
            client.sandbox.deliverDueCallbacks()
            #expect(receiver.received.count == 1)
            client.advance(toSecondsAfterStart: 119)
            #expect(receiver.received.count == 1)
            client.advance(toSecondsAfterStart: 120)
            #expect(receiver.received.count == 2)
            client.advance(toSecondsAfterStart: 1000)
            #expect(receiver.received.count == 5)
            let delivery = client.send("GET", "/__sandbox/webhooks").body["deliveries"]?[0]
            #expect(delivery?["state"] == "failed")
            #expect(delivery?["attempts"]?.arrayValue?.count == 5)
            #expect(delivery?["attempts"]?[4]?["error"]?.stringValue?.contains("gave up after 5 attempts") == true)
            // Retries go on the journal like every attempt, awaitable by delivery.
            let outbound = client.send("GET", "/__sandbox/journal?direction=outbound").body["entries"]?.arrayValue ?? []
            #expect(outbound.count == 5)
        }
    }

    @Test func checkoutAuthorizationCarriesWhatTheCallbackURLWouldAndRedirectsCount() throws {
        try withCallbackReceiver(statuses: [200, 301, 200]) { receiver in
            let client = EngineClient.authenticated()
            _ = Self.subscribe(client, receiver, events: ["checkout_authorization"])
            let sessionId = client.createSession(callbackURL: nil)
            _ = client.complete(sessionId, identity: "reject")
            client.sandbox.deliverDueCallbacks()
            #expect(receiver.received.count == 2)
            let body = try JSONParser.parse(receiver.received[1].body)
            #expect(body["event"] == "checkout_authorization")
            #expect(body["session_id"] == .string(sessionId))
            #expect(body["error"] == "authorization")
            #expect(body["merchant_reference"] == "order-123")
            client.advance(toSecondsAfterStart: 120)
            #expect(receiver.received.count == 3)
        }
    }

    @Test func subscriptionsAreValidatedListedChangedAndDeleted() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let path = "/v1/accounts/T12345678/hooks/subscriptions"
            let bad = client.send(
                "POST", path, json: ["config": ["url": "ftp://x"], "events": ["checkout_everything"]])
            #expect(bad.status == 400)
            #expect(
                Set(bad.body["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == [
                    "config.url", "events[0]",
                ])
            let id = Self.subscribe(client, receiver, events: ["settlement_add"])
            #expect(client.send("GET", path).body.arrayValue?.count == 1)
            let paused = client.send("PUT", "\(path)/\(id)", json: ["active": false])
            #expect(paused.body["active"] == false)
            #expect(paused.body["events"] == ["settlement_add"])
            #expect(client.send("POST", "\(path)/\(id)/ping").status == 200)
            #expect(client.send("GET", "/v1/accounts/T87654321/hooks/subscriptions").status == 404)
            #expect(client.send("DELETE", "\(path)/\(id)").status == 200)
            #expect(client.send("GET", "\(path)/\(id)").status == 404)
            client.sandbox.deliverDueCallbacks()
            // Only the creation's ping: the paused subscription's ping was not sent.
            #expect(receiver.received.count == 1)
        }
    }

    @Test func aSettlementIsAnnounced() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            _ = Self.subscribe(client, receiver, events: ["settlement_add"])
            _ = client.checkout(callbackURL: "http://127.0.0.1:9/unused")
            _ = client.send("POST", "/v1/accounts/T12345678/settlements/reports/generate-test-report", json: [:])
            client.sandbox.deliverDueCallbacks()
            let announced = try #require(receiver.received.last)
            #expect(announced.headers["event"] == "settlement_add")
            #expect(try JSONParser.parse(announced.body)["settlement"]?["provider"] == "kravia")
        }
    }
}
