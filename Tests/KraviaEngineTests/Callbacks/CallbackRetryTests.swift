import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// Retries in sandbox time: moving the frozen clock runs the attempts that fall due.
@Suite struct CallbackRetryTests {
    @Test func serverErrorsAreRetriedWithBackoffUntilSuccess() throws {
        try withCallbackReceiver(statuses: [500, 503, 200]) { receiver in
            let client = EngineClient.authenticated()
            let (_, transactionId) = client.checkout(callbackURL: receiver.url())
            client.advance(toSecondsAfterStart: 0)
            var delivery = try #require(client.deliveries().first)
            #expect(delivery["state"] == "pending")
            #expect(delivery["next_attempt_at"] == "2027-01-05T10:00:01.000Z")
            #expect(receiver.received.count == 1)

            client.advance(toSecondsAfterStart: 2)  // the retry due at +1 s runs; the next is due at +3 s
            #expect(receiver.received.count == 2)
            #expect(client.deliveries().first?["next_attempt_at"] == "2027-01-05T10:00:03.000Z")
            client.advance(toSecondsAfterStart: 3)
            #expect(receiver.received.count == 3)

            delivery = try #require(client.deliveries().first)
            #expect(delivery["state"] == "delivered")
            #expect(delivery["next_attempt_at"] == nil)
            let attempts = delivery["attempts"]?.arrayValue ?? []
            #expect(attempts.map { $0["attempt"] } == [1, 2, 3])
            #expect(attempts.map { $0["response_status"] } == [500, 503, 200])
            #expect(
                attempts.map { $0["time"]?.stringValue ?? "" } == [
                    "2027-01-05T10:00:00.000Z", "2027-01-05T10:00:01.000Z", "2027-01-05T10:00:03.000Z",
                ])
            #expect(
                attempts.map { $0["next_attempt_at"]?.stringValue } == [
                    "2027-01-05T10:00:01.000Z", "2027-01-05T10:00:03.000Z", nil,
                ])
            #expect(attempts.map { $0["error"]?.stringValue } == ["HTTP 500", "HTTP 503", nil])
            #expect(attempts.first?["response_body"] == "answer 500")
            #expect(attempts.first?["response_headers"]?["x-merchant"] == "yes")
            #expect(attempts.first?["request_headers"]?["event-delivery"] == delivery["id"])
            #expect(delivery["transaction_id"]?.stringValue == transactionId)
            // Each attempt is signed at its own time.
            let stamps = receiver.received.compactMap { $0.headers["Dintero-Signature"]?.prefix(12) }
            #expect(stamps == ["t=1799143200", "t=1799143201", "t=1799143203"])
            #expect(receiver.received.allSatisfy { IndependentSignature.verify($0) })
        }
    }

    @Test(arguments: [404, 400, 410, 302, 301, 307])
    func clientErrorsAndRedirectsAreFinal(status: Int) throws {
        try withCallbackReceiver(statuses: [status]) { receiver in
            let client = EngineClient.authenticated()
            _ = client.checkout(callbackURL: receiver.url())
            client.advance(toSecondsAfterStart: 0)
            client.advance(toSecondsAfterStart: 3600)
            #expect(receiver.received.map(\.path) == ["/cb"], "not retried, and a redirect is not followed")
            let delivery = try #require(client.deliveries().first)
            #expect(delivery["state"] == "failed")
            #expect(delivery["attempts"]?.arrayValue?.count == 1)
            let error = delivery["attempts"]?[0]?["error"]?.stringValue ?? ""
            #expect(error.hasPrefix("HTTP \(status): "))
            #expect(error.hasSuffix("not retried"))
        }
    }

    @Test func informationalAnswersAreRetried() throws {
        try withCallbackReceiver(statuses: [101]) { receiver in
            let client = EngineClient.authenticated()
            _ = client.checkout(callbackURL: receiver.url())
            client.advance(toSecondsAfterStart: 0)
            #expect(client.deliveries().first?["state"] == "pending")
        }
    }

    /// Twenty attempts, then the delivery fails; the schedule is 1, 2, 4 ... 256, then 300 s.
    @Test func givesUpAfterTwentyAttempts() throws {
        try withCallbackReceiver(statuses: Array(repeating: 500, count: 25)) { receiver in
            let client = EngineClient.authenticated()
            _ = client.checkout(callbackURL: receiver.url())
            client.advance(toSecondsAfterStart: 24 * 3600)
            #expect(receiver.received.count == 20)
            let delivery = try #require(client.deliveries().first)
            #expect(delivery["state"] == "failed")
            let times = delivery["attempts"]?.arrayValue?.compactMap { $0["time"]?.stringValue } ?? []
            let seconds = times.compactMap { Timestamp(iso8601: $0)?.unixSeconds }.map { $0 - 1_799_143_200 }
            #expect(
                seconds == [
                    0, 1, 3, 7, 15, 31, 63, 127, 255, 511, 811, 1111, 1411, 1711, 2011, 2311, 2611, 2911, 3211, 3511,
                ])
            #expect(delivery["attempts"]?[19]?["error"] == "HTTP 500; gave up after 20 attempts")
        }
    }

    @Test func connectionErrorsAreRetried() throws {
        // A port that was just freed: nothing listens there.
        let receiver = try CallbackReceiver()
        let url = receiver.url()
        receiver.stop()
        let client = EngineClient.authenticated()
        _ = client.checkout(callbackURL: url)
        client.advance(toSecondsAfterStart: 0)
        let delivery = try #require(client.deliveries().first)
        #expect(delivery["state"] == "pending")
        let attempt = try #require(delivery["attempts"]?[0])
        #expect(attempt["response_status"] == nil)
        #expect(attempt["error"]?.stringValue?.contains("refused") == true)
        #expect(attempt["next_attempt_at"] == "2027-01-05T10:00:01.000Z")
    }

    @Test func httpsCannotBeReachedAndFailsAtOnce() throws {
        let client = EngineClient.authenticated()
        _ = client.checkout(callbackURL: "https://127.0.0.1:1/cb")
        client.advance(toSecondsAfterStart: 0)
        let delivery = try #require(client.deliveries().first)
        #expect(delivery["state"] == "failed")
        #expect(delivery["attempts"]?[0]?["error"]?.stringValue?.hasSuffix("; not retried") == true)
    }

    @Test func delayCallbackIsClampedToSixtySeconds() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            _ = client.checkout(callbackURL: receiver.url("/cb?delay_callback=120"))
            client.advance(toSecondsAfterStart: 59)
            #expect(receiver.received.isEmpty)
            #expect(client.deliveries().first?["next_attempt_at"] == "2027-01-05T10:01:00.000Z")
            client.advance(toSecondsAfterStart: 60)
            #expect(receiver.received.count == 1)
            #expect(receiver.received.first?.queryValue("delay_callback") == "120")
        }
    }

    @Test func delayCallbackBelowTheMaximumIsHonoured() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            _ = client.checkout(callbackURL: receiver.url("/cb?delay_callback=5"))
            client.advance(toSecondsAfterStart: 4)
            #expect(receiver.received.isEmpty)
            client.advance(toSecondsAfterStart: 5)
            #expect(receiver.received.count == 1)
        }
    }
}
