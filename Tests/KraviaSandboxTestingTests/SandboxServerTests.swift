import Foundation
import FoundationNetworking
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

@testable import KraviaEngine
@testable import KraviaSandboxTesting

@Suite struct SandboxServerTests {
    /// A frozen, seeded sandbox so ids and times are stable.
    static var configuration: SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.seed = 7
        configuration.frozenClock = Timestamp(iso8601: "2027-01-05T10:00:00Z")
        return configuration
    }

    @Test func aMerchantFlowThroughTheLibrary() async throws {
        try await withSandbox(configuration: Self.configuration) { sandbox in
            let receiver = try CallbackReceiver()
            defer { receiver.stop() }
            #expect(sandbox.baseURL == "http://127.0.0.1:\(sandbox.port)")
            #expect(
                sandbox.credentials
                    == .init(accountId: "T12345678", clientId: "sandbox", clientSecret: "sandbox-secret"))
            let merchant = Merchant(apiBase: sandbox.baseURL)
            let token = try await sandbox.accessToken()
            let sessionId = try await merchant.createSession(
                token: token, reference: "order-9", callbackURL: receiver.url)
            let checkout = try await sandbox.complete(
                session: sessionId, paymentProductType: "kravia.invoice_b2b", billingAddress: Merchant.businessAddress)
            #expect(checkout.sessionId == sessionId)
            #expect(checkout.status == "CAPTURED")
            let transactionId = try #require(checkout.transactionId)
            // The real delivery: the journal records the attempt once the receiver has answered it.
            let callback = try await sandbox.awaitCallback(transactionId: transactionId)
            #expect(callback.direction == .outbound)
            #expect(callback.transactionId == transactionId)
            #expect(callback.accountId == "T12345678")
            #expect(callback.status == 200)
            let received = receiver.requests
            #expect(received.count == 1)
            #expect(received.first?.path == "/dintero/callback")
            #expect(received.first?.queryValue("transaction_id") == transactionId)
            #expect(received.first?.headers["event-delivery"] != nil)
            let inbound = try await sandbox.journal(JournalQuery(direction: .inbound))
            #expect(
                inbound.map(\.path) == [
                    "/v1/accounts/T12345678/auth/token", "/v1/sessions-profile",
                    "/__sandbox/sessions/\(sessionId)/complete",
                ])
            let create = inbound[1]
            #expect(create.sessionId == sessionId)
            #expect(create.merchantReference == "order-9")
            #expect(create.status == 200)
            #expect(create.request.json?["url"]?["callback_url"] == .string(receiver.url))
            #expect(create.response.json?["id"] == .string(sessionId))
            #expect(create.request.headers["authorization"] == "Bearer " + token)
            #expect(create.sandboxTime == "2027-01-05T10:00:00.000Z")
        }
    }

    @Test func anAwaitReturnsWhenAConcurrentRequestArrives() async throws {
        try await withSandbox(configuration: Self.configuration) { sandbox in
            let token = try await sandbox.accessToken()
            let baseURL = sandbox.baseURL
            let journal = sandbox.sandbox.journal
            // Another thread plays the merchant once the await below is registered and waiting, so the await
            // cannot pass by finding the entry already recorded.
            Thread.detachNewThread {
                guard eventually({ journal.waiterCount == 1 }) else { return }
                let body = Merchant.sessionBody(reference: "late-order", callbackURL: "http://127.0.0.1:9/cb")
                _ = try? HTTPClient().send(
                    OutboundRequest(
                        method: "POST", url: baseURL + "/v1/sessions-profile",
                        headers: ["Authorization": "Bearer " + token, "Content-Type": "application/json"],
                        body: JSONSerializer.data(body)))
            }
            let entries = try await sandbox.awaitJournal(
                JournalQuery(method: "POST", path: "/v1/sessions*", merchantReference: "late-order"),
                timeout: .seconds(30))
            #expect(entries.count == 1)
            #expect(entries.first?.merchantReference == "late-order")
            #expect(entries.first?.status == 200)
        }
    }

    @Test func aTimedOutAwaitSaysWhatCameClosest() async throws {
        try await withSandbox(configuration: Self.configuration) { sandbox in
            _ = try await sandbox.accessToken()
            do {
                _ = try await sandbox.awaitJournal(
                    JournalQuery(path: "/v1/accounts/*/auth/token", status: "401"), timeout: .milliseconds(20))
                Issue.record("the await should have timed out")
            } catch SandboxServerError.awaitTimedOut(let timeout) {
                #expect(timeout.matched.isEmpty)
                #expect(timeout.nearMisses.count == 1)
                #expect(timeout.nearMisses.first?.mismatches == ["status 200 ≠ 401"])
                #expect(timeout.description.contains("status 200 ≠ 401"))
            }
        }
    }

    @Test func exportsParseAsHARAndNDJSON() async throws {
        try withSandbox(configuration: Self.configuration) { sandbox in
            _ = try sandbox.accessToken()
            _ = try sandbox.health()
            let har = try JSONParser.parse(try sandbox.exportJournal(format: "har"))
            #expect(har["log"]?["version"] == "1.2")
            #expect(har["log"]?["entries"]?.arrayValue?.count == 2)
            let ndjson = String(decoding: try sandbox.exportJournal(format: "ndjson"), as: UTF8.self)
            let lines = ndjson.split(separator: "\n").map { try? JSONParser.parse(Data($0.utf8)) }
            #expect(lines.map { $0?["path"] } == ["/v1/accounts/T12345678/auth/token", "/__sandbox/health"])
        }
    }

    @Test func resetAndClearEmptyTheJournal() throws {
        try withSandbox(configuration: Self.configuration) { sandbox in
            _ = try sandbox.accessToken()
            try sandbox.clearJournal()
            #expect(try sandbox.journal().isEmpty)
            _ = try sandbox.accessToken()
            try sandbox.reset()
            #expect(try sandbox.journal().map(\.path) == ["/__sandbox/reset"])
        }
    }

    @Test func anAdminTokenIsSentByTheLibraryAndRequiredOfEveryoneElse() throws {
        var configuration = Self.configuration
        configuration.adminToken = "let-me-in"
        try withSandbox(configuration: configuration) { sandbox in
            #expect(try sandbox.journal().isEmpty)
            let stranger = try HTTPClient().send(OutboundRequest(url: sandbox.baseURL + "/__sandbox/journal"))
            #expect(stranger.status == 401)
        }
    }

    @Test func stopIsIdempotentAndWithSandboxStopsWhenTheBodyThrows() throws {
        struct Boom: Error {}
        var started: SandboxServer?
        #expect(throws: Boom.self) {
            try withSandbox { sandbox in
                started = sandbox
                throw Boom()
            }
        }
        let sandbox = try #require(started)
        #expect(sandbox.server.port == 0)
        sandbox.stop()
        #expect(throws: SandboxServerError.self) { try sandbox.health() }
    }

    @Test(arguments: [
        (JournalQuery(), ""),
        (JournalQuery(direction: .outbound, status: "5xx"), "?direction=outbound&status=5xx"),
        (JournalQuery(path: "/v1/sessions*", after: 3, limit: 2), "?path=%2Fv1%2Fsessions*&after=3&limit=2"),
        (JournalQuery(merchantReference: "order 1"), "?merchant_reference=order+1"),
    ])
    func queriesEncodeAsTheAPIReadsThem(query: JournalQuery, expected: String) {
        #expect(query.queryString == expected)
    }
}
