import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// Which events call the merchant, and in what order.
@Suite struct CallbackTriggerTests {
    @Test func reportEventCallsForPartialAndFullRefunds() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let (_, id) = client.checkout(callbackURL: receiver.url("/cb?report_event=REFUND"))
            let partial = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 20000])
            let full = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 30000])
            #expect(full.body["status"] == "REFUNDED")
            client.sandbox.deliverDueCallbacks()
            let requests = receiver.received
            #expect(requests.map { $0.queryValue("event") } == [nil, "REFUND", "REFUND"], "no CAPTURE: not asked for")
            let refundIds = [partial, full].map { $0.body["events"]?.arrayValue?.last?["id"]?.stringValue }
            #expect(requests.dropFirst().map { $0.queryValue("event_id") } == refundIds)
            #expect(requests.allSatisfy { $0.queryValue("transaction_id") == id })
            #expect(requests.allSatisfy { IndependentSignature.verify($0) })
            let events = client.deliveries("transaction_id=\(id)").map { $0["trigger"]?.stringValue ?? "" }
            #expect(events == ["transaction_created", "event", "event"])
        }
    }

    @Test func refundsWithoutReportEventCallNothing() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let (_, id) = client.checkout(callbackURL: receiver.url("/cb?report_event=CAPTURE"))
            _ = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 50000])
            client.sandbox.deliverDueCallbacks()
            #expect(receiver.received.map { $0.queryValue("event") } == [nil, "CAPTURE"])
        }
    }

    @Test(arguments: [("reject", "authorization"), ("cancel", "cancelled")])
    func reportErrorCallsWhenBankIDFails(identity: String, error: String) throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let sessionId = client.createSession(callbackURL: receiver.url("/cb?report_error=true"), reference: "r-9")
            let result = client.complete(sessionId, identity: identity)
            #expect(result.body["error"]?.stringValue == error)
            client.sandbox.deliverDueCallbacks()
            let request = try #require(receiver.received.first)
            #expect(receiver.received.count == 1)
            #expect(
                request.parameters == [
                    "report_error=true", "session_id=\(sessionId)", "merchant_reference=r-9",
                    "time=2027-01-05T10:00:00.000Z", "error=\(error)",
                ])
            #expect(IndependentSignature.verify(request))
            let delivery = try #require(client.deliveries("session_id=\(sessionId)").first)
            #expect(delivery["trigger"] == "failure")
            #expect(delivery["transaction_id"] == nil)
        }
    }

    @Test(arguments: ["reject", "cancel"])
    func withoutReportErrorAFailedCheckoutCallsNothing(identity: String) throws {
        let client = EngineClient.authenticated()
        let sessionId = client.createSession(callbackURL: "http://127.0.0.1:1/cb")
        _ = client.complete(sessionId, identity: identity)
        #expect(client.deliveries().isEmpty)
    }

    @Test func aFailedRegistrationCallsOnCreationWithErrorOnlyWhenReported() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let (_, plain) = client.checkout(callbackURL: receiver.url("/plain"), scenario: "registration-failed")
            let (_, reported) = client.checkout(
                callbackURL: receiver.url("/reported?report_error=true"), reference: "order-2",
                scenario: "registration-failed")
            client.sandbox.deliverDueCallbacks()
            let byPath = Dictionary(grouping: receiver.received, by: \.path)
            #expect(byPath["/plain"]?.first?.queryValue("transaction_id") == plain)
            #expect(byPath["/plain"]?.first?.queryValue("error") == nil)
            #expect(byPath["/reported"]?.first?.queryValue("transaction_id") == reported)
            #expect(byPath["/reported"]?.first?.queryValue("error") == "failed")
        }
    }

    @Test func aTransactionsCallbacksArriveInOrder() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let (_, id) = client.checkout(callbackURL: receiver.url("/cb?report_event=CAPTURE&report_event=REFUND"))
            for amount in [1000, 2000, 3000, 4000] {
                _ = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": JSONValue(amount)])
            }
            client.sandbox.deliverDueCallbacks()
            #expect(
                receiver.received.map { $0.queryValue("event") ?? "created" } == [
                    "created", "CAPTURE", "REFUND", "REFUND", "REFUND", "REFUND",
                ])
            let refundIds = client.send("GET", "/v1/transactions/\(id)").body["events"]?.arrayValue?
                .filter { $0["event"] == "REFUND" }.compactMap { $0["id"]?.stringValue }
            #expect(receiver.received.suffix(4).compactMap { $0.queryValue("event_id") } == refundIds)
        }
    }

    /// With a running clock the background runner delivers; a merchant that never answers holds only its own
    /// transaction's lane: the API answers and another transaction's callback goes out meanwhile.
    @Test func aMerchantThatNeverAnswersDoesNotHoldUpTheAPIOrOtherTransactions() throws {
        var configuration = SandboxConfiguration.testingCallbacks()
        configuration.frozenClock = nil
        try withCallbackReceiver(holding: true) { stuck in
            try withCallbackReceiver { healthy in
                let client = EngineClient.authenticated(configuration)
                let (_, first) = client.checkout(callbackURL: stuck.url())
                #expect(stuck.waitForArrival(), "the runner delivers without anyone calling in")
                // The attempt hangs; the API still answers, and the delivery shows it under way.
                let pending = try #require(client.deliveries("transaction_id=\(first)").first)
                #expect(pending["state"] == "pending")
                #expect(pending["attempts"]?.arrayValue?.isEmpty == true)
                let (_, second) = client.checkout(callbackURL: healthy.url(), reference: "order-2")
                #expect(healthy.waitForArrival())
                #expect(healthy.received.first?.queryValue("transaction_id") == second)
                #expect(client.deliveries("transaction_id=\(first)").first?["state"] == "pending")

                stuck.release()
                #expect(client.sandbox.waitForCallbacksInFlight(timeout: .seconds(10)))
                #expect(client.deliveries("state=delivered").count == 2)
            }
        }
    }

    @Test func theCallbackListFilters() throws {
        try withCallbackReceiver { receiver in
            try withCallbackReceiver(statuses: [404]) { gone in
                let client = EngineClient.authenticated()
                let (firstSession, first) = client.checkout(callbackURL: receiver.url("/one"))
                let (secondSession, second) = client.checkout(callbackURL: gone.url("/two"), reference: "order-2")
                client.sandbox.deliverDueCallbacks()
                #expect(client.deliveries().count == 2)
                #expect(
                    client.deliveries("transaction_id=\(first)").map { $0["url"]?.stringValue?.contains("/one") } == [
                        true
                    ])
                #expect(
                    client.deliveries("session_id=\(secondSession)").map { $0["transaction_id"]?.stringValue } == [
                        second
                    ])
                #expect(client.deliveries("state=delivered").map { $0["session_id"]?.stringValue } == [firstSession])
                #expect(client.deliveries("state=failed").map { $0["session_id"]?.stringValue } == [secondSession])
                #expect(client.deliveries("state=pending").isEmpty)
                #expect(client.deliveries("state=delivered&state=failed").count == 2)
                #expect(client.deliveries("transaction_id=\(first)&state=failed").isEmpty)
                let invalid = client.send("GET", "/__sandbox/callbacks?state=lost")
                #expect(invalid.status == 400)
                #expect(invalid.body["error"]?["errors"]?[0]?["field"] == "state")
            }
        }
    }
}
