import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

/// Callbacks to merchants that misbehave at the socket level end as the retry rules say, and none of them
/// holds a thread or a socket past the attempt's timeout.
@Suite(.serialized) struct MerchantFaultTests {
    /// One way a merchant can misbehave, and what the sandbox must make of it.
    struct Fault: Sendable, CustomTestStringConvertible {
        var name: String
        var behaviour: HostileMerchant.Behaviour
        /// `SandboxConfiguration.callbackTimeout` for the case.
        var timeout: Duration
        /// The delivery's state after the first attempt.
        var state: String
        /// What the first attempt's `error` starts with (nil: no error).
        var error: String?
        /// How the merchant's connection ended.
        var outcome: HostileMerchant.Outcome
        var testDescription: String { name }

        var isRetried: Bool { state == "pending" }
    }

    static let shortTimeout = Duration.milliseconds(300)
    static let timeoutError = "no complete response within 300 ms"

    static let faults: [Fault] = [
        Fault(
            name: "accepts and never answers", behaviour: .silent, timeout: shortTimeout, state: "pending",
            error: timeoutError, outcome: .sandboxHungUp),
        // One byte every 50 ms never finishes within 300 ms: the timeout covers the whole answer, not each read.
        Fault(
            name: "answers too slowly",
            behaviour: .dribble(okAnswer + String(repeating: "x", count: 200), milliseconds: 50),
            timeout: shortTimeout, state: "pending", error: timeoutError, outcome: .sandboxHungUp),
        Fault(
            name: "answers slowly within the timeout", behaviour: .dribble(okAnswer, milliseconds: 50),
            timeout: .seconds(8), state: "delivered", error: nil, outcome: .answered),
        Fault(
            name: "resets the connection", behaviour: .reset, timeout: shortTimeout, state: "pending",
            error: "connection closed by the server before a complete response", outcome: .reset),
        Fault(
            name: "redirects", behaviour: .answer(redirect(302)), timeout: shortTimeout, state: "failed",
            error: "HTTP 302: redirects are not followed; not retried", outcome: .answered),
        Fault(
            name: "redirects permanently", behaviour: .answer(redirect(308)), timeout: shortTimeout, state: "failed",
            error: "HTTP 308: redirects are not followed; not retried", outcome: .answered),
    ]

    /// A complete 200 answer read until the close: 21 bytes, about a second at 50 ms a byte.
    static let okAnswer = "HTTP/1.1 200 OK\r\n\r\nok"

    /// A redirect to the merchant itself, so a client that followed it would show up as a second request.
    static func redirect(_ status: Int) -> String {
        "HTTP/1.1 \(status) Moved\r\nLocation: {origin}/followed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    }

    static func client(timeout: Duration) -> EngineClient {
        var configuration = SandboxConfiguration.testingCallbacks()
        configuration.callbackTimeout = timeout
        let client = EngineClient.authenticated(configuration)
        // The timeline runner's thread would otherwise start with the first callback, after the baseline.
        client.sandbox.start()
        return client
    }

    @Test(arguments: faults)
    func attemptEndsAsTheRetryRulesSay(_ fault: Fault) throws {
        let merchant = try HostileMerchant(fault.behaviour)
        defer { merchant.stop() }
        let client = Self.client(timeout: fault.timeout)
        defer { client.sandbox.shutdown() }
        _ = client.checkout(callbackURL: merchant.url())
        #expect(merchant.waitForRequest())
        client.advance(toSecondsAfterStart: 0)
        // The attempt has returned and been recorded: the lane is idle and the sandbox holds no socket to the
        // merchant (both exact, whatever runs in parallel).
        #expect(client.sandbox.waitForCallbacksInFlight(timeout: .seconds(10)))
        #expect(ProcessCensus.sockets(port: merchant.port).remote == 0)
        #expect(merchant.waitForEnd() == fault.outcome)

        var delivery = try #require(client.deliveries().first)
        #expect(delivery["state"]?.stringValue == fault.state)
        let first = try #require(delivery["attempts"]?[0])
        if let error = fault.error {
            #expect(first["error"]?.stringValue?.hasPrefix(error) == true, "\(first["error"] ?? .null)")
        } else {
            #expect(first["error"] == nil)
            #expect(first["response_status"] == 200)
            #expect(first["response_body"] == "ok")
        }
        if fault.isRetried {
            #expect(first["response_status"] == nil)
            #expect(first["next_attempt_at"] == "2027-01-05T10:00:01.000Z")
            client.advance(toSecondsAfterStart: 1)
            #expect(merchant.waitForEnd() == fault.outcome)
            delivery = try #require(client.deliveries().first)
            #expect(delivery["attempts"]?.arrayValue?.count == 2)
            #expect(delivery["state"] == "pending")
        } else {
            client.advance(toSecondsAfterStart: 3600)
            delivery = try #require(client.deliveries().first)
            #expect(delivery["attempts"]?.arrayValue?.count == 1)
            #expect(delivery["state"]?.stringValue == fault.state)
        }
        #expect(merchant.requests.count == (fault.isRetried ? 2 : 1), "a redirect is never followed")
        #expect(merchant.requests.allSatisfy { $0.hasPrefix("GET /cb?") })
    }

    /// Many merchants hanging at once hold a thread each only until the timeout. Whole-process thread counts
    /// move with the tests running in parallel, so the check allows a few threads of noise: far fewer than the
    /// number of hanging deliveries, so a thread kept per hanging delivery still fails it.
    @Test func hangingDeliveriesGiveTheirThreadsBack() throws {
        let hanging = 24
        // Listening but never accepting: the kernel completes each handshake and takes the request, and no
        // answer ever comes.
        let address = SocketAddress(numericHost: "127.0.0.1", port: 0)!
        let listener = try Socket.tcp(family: address.family)
        defer { listener.close() }
        try listener.bind(to: address)
        try listener.listen(backlog: 128)
        let port = try listener.localAddress().port
        let client = Self.client(timeout: Self.shortTimeout)
        defer { client.sandbox.shutdown() }
        let threadsBefore = ProcessCensus.threads

        for index in 0..<hanging {
            _ = client.checkout(callbackURL: "http://127.0.0.1:\(port)/cb", reference: "order-\(index)")
        }
        client.advance(toSecondsAfterStart: 0)
        #expect(client.sandbox.waitForCallbacksInFlight(timeout: .seconds(10)))
        #expect(ProcessCensus.sockets(port: port).remote == 0, "every attempt let go of its connection")
        let deliveries = client.deliveries()
        #expect(deliveries.count == hanging)
        #expect(deliveries.allSatisfy { $0["state"] == "pending" })
        #expect(
            deliveries.allSatisfy {
                $0["attempts"]?[0]?["error"]?.stringValue?.hasPrefix(Self.timeoutError) == true
            })
        // Idle pool threads retire after a few seconds; the bound leaves room for that.
        let noise = 8
        let returned = ProcessCensus.eventually(within: 30) { ProcessCensus.threads <= threadsBefore + noise }
        #expect(returned, "threads: \(threadsBefore) before, \(ProcessCensus.threads) now")
    }

    /// While a merchant holds a callback unanswered, the API over the wire keeps answering, and shows the
    /// delivery as pending with its attempt still under way.
    @Test func apiKeepsAnsweringWhileADeliveryHangs() throws {
        let merchant = try HostileMerchant(.silent)
        defer { merchant.stop() }
        let live = try LiveSandbox(configuration: .testingCallbacks())
        live.sandbox.start()
        defer {
            live.sandbox.shutdown()
            live.stop()
        }
        var client = EngineClient(sandbox: live.sandbox)
        client.authenticate()
        let (_, transactionId) = client.checkout(callbackURL: merchant.url())
        try #require(merchant.waitForRequest())

        let http = HTTPClient(
            configuration: HTTPClientConfiguration(connectTimeoutMilliseconds: 5000, readTimeoutMilliseconds: 5000))
        let listed = try http.send(
            OutboundRequest(url: live.baseURL + "/__sandbox/callbacks?transaction_id=\(transactionId)"))
        #expect(listed.status == 200)
        let pending = try #require(try JSONParser.parse(listed.body)["deliveries"]?[0])
        #expect(pending["state"] == "pending")
        #expect(pending["attempts"] == [], "the attempt is still under way")
        var read = OutboundRequest(url: live.baseURL + "/v1/transactions/\(transactionId)")
        read.headers["Authorization"] = "Bearer " + (client.token ?? "")
        #expect(try http.send(read).status == 200)
        #expect(try http.send(OutboundRequest(url: live.baseURL + "/__sandbox/health")).status == 200)
        // Those answers came while the merchant still held the request.
        #expect(merchant.ended.isEmpty)

        merchant.release()
        #expect(merchant.waitForEnd() == .answered)
        #expect(live.sandbox.waitForCallbacksInFlight(timeout: .seconds(15)))
        #expect(client.deliveries().first?["state"] == "delivered")
    }
}
