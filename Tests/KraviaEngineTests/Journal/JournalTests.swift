import Foundation
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

@testable import KraviaEngine

@Suite struct JournalTests {
    /// Authenticates, creates a session, completes it and reads the transaction; returns the client and the ids.
    private func checkout(_ client: inout EngineClient) -> (sessionId: String, transactionId: String) {
        client.authenticate()
        let sessionId = client.createSession(callbackURL: nil, reference: "order-77")
        let transactionId = client.complete(sessionId).body["transaction"]?["id"]?.stringValue ?? ""
        client.send("GET", "/v1/transactions/\(transactionId)")
        return (sessionId, transactionId)
    }

    private func entries(_ client: EngineClient, _ query: String = "") -> [JSONValue] {
        let result = client.send("GET", "/__sandbox/journal" + query)
        #expect(result.status == 200, "\(result.body)")
        return result.body["entries"]?.arrayValue ?? []
    }

    @Test func aCheckoutIsJournaledWithTheIdsEachRequestConcerns() {
        var client = EngineClient()
        let (sessionId, transactionId) = checkout(&client)
        let journal = entries(client)
        #expect(
            journal.map { $0["path"]?.stringValue ?? "" } == [
                "/v1/accounts/T12345678/auth/token", "/v1/sessions-profile",
                "/__sandbox/sessions/\(sessionId)/complete",
                "/v1/transactions/\(transactionId)",
            ])
        #expect(journal.map { $0["seq"]?.intValue ?? 0 } == [1, 2, 3, 4])
        #expect(journal.allSatisfy { $0["account_id"] == "T12345678" && $0["direction"] == "inbound" })
        #expect(journal[0]["session_id"] == .null)
        #expect(journal[1]["session_id"] == .string(sessionId))
        #expect(journal[1]["merchant_reference"] == "order-77")
        #expect(journal[1]["transaction_id"] == .null)
        for entry in journal[2...] {
            #expect(entry["session_id"] == .string(sessionId))
            #expect(entry["transaction_id"] == .string(transactionId))
            #expect(entry["merchant_reference"] == "order-77")
        }
        let create = journal[1]
        #expect(create["method"] == "POST")
        #expect(create["url"] == "http://sandbox.test/v1/sessions-profile")
        #expect(create["status"] == 200)
        #expect(create["response"]?["status"] == 200)
        #expect(create["request"]?["json"]?["order"]?["amount"] == 50000)
        #expect(create["request"]?["headers"]?["content-type"] == "application/json")
        #expect(create["response"]?["json"]?["id"] == .string(sessionId))
        #expect(create["response"]?["body_encoding"] == "text")
        #expect(create["sandbox_time"] == "2027-01-05T10:00:00.000Z")
        #expect(create["wall_time"]?.stringValue?.hasSuffix("Z") == true)
        #expect((create["duration_ms"]?.doubleValue ?? -1) >= 0)
    }

    @Test func anOutboundAttemptTakesItsIdsFromTheCallbackURL() {
        var client = EngineClient()
        let (sessionId, transactionId) = checkout(&client)
        let now = client.sandbox.clock.now()
        client.sandbox.record(
            ExchangeRecord(
                direction: .outbound, method: "GET",
                url:
                    "http://127.0.0.1:9/callback?transaction_id=\(transactionId)&session_id=\(sessionId)&merchant_reference=order-77",
                path: "/callback", status: nil, wallTime: now, sandboxTime: now, durationMilliseconds: 0.5,
                error: "connection refused", deliveryId: "d-1", attempt: 1))
        let outbound = entries(client, "?direction=outbound&transaction_id=\(transactionId)")
        #expect(outbound.count == 1)
        #expect(outbound.first?["status"] == .null)
        #expect(outbound.first?["error"] == "connection refused")
        #expect(outbound.first?["attempt"] == 1)
        #expect(outbound.first?["account_id"] == "T12345678")
        #expect(outbound.first?["merchant_reference"] == "order-77")
    }

    @Test(arguments: [
        ("", 4),
        ("?direction=inbound", 4),
        ("?direction=outbound", 0),
        ("?method=post", 3),
        ("?path=/v1/*", 3),
        ("?path=/v1/sessions*", 1),
        ("?status=200", 4),
        ("?status=2xx", 4),
        ("?status=4xx", 0),
        ("?merchant_reference=order-77", 3),
        ("?merchant_reference=other", 0),
        ("?after=2", 2),
        ("?limit=3", 3),
        ("?after=1&limit=1&method=POST", 1),
    ])
    func filtersSelectEntries(query: String, expected: Int) {
        var client = EngineClient()
        _ = checkout(&client)
        #expect(entries(client, query).count == expected)
    }

    @Test(arguments: [
        "?direction=sideways", "?status=abc", "?after=-1", "?limit=0",
        "?path=" + String(repeating: "*a", count: JournalFilter.longestPathPattern / 2 + 1),
    ])
    func malformedFiltersAre400(query: String) {
        let client = EngineClient()
        let result = client.send("GET", "/__sandbox/journal" + query)
        #expect(result.status == 400)
        #expect(result.body["error"]?["code"] == "INVALID_REQUEST_PARAMETER")
    }

    @Test func journalReadsAreNotJournaledButOtherControlRequestsAre() {
        let client = EngineClient()
        client.send("GET", "/__sandbox/health")
        client.send("GET", "/__sandbox/journal")
        client.send("POST", "/__sandbox/journal/await", json: ["count": 1, "timeout_ms": 0])
        #expect(entries(client).map { $0["path"] } == ["/__sandbox/health"])
    }

    @Test func anAwaitIsWokenByTheRecordingItself() async {
        var client = EngineClient()
        client.authenticate()
        let sandbox = client.sandbox
        let token = client.token
        // The session is created only once the await below is registered and waiting, so it cannot pass by
        // finding the entry already recorded.
        Thread.detachNewThread {
            guard eventually({ sandbox.journal.waiterCount == 1 }) else { return }
            var late = EngineClient(sandbox: sandbox)
            late.token = token
            _ = late.createSession(callbackURL: nil, reference: "late-order")
        }
        let result = client.send(
            "POST", "/__sandbox/journal/await",
            json: [
                "filter": ["merchant_reference": "late-order", "path": "/v1/sessions*"], "count": 1,
                "timeout_ms": 30_000,
            ])
        #expect(result.status == 200, "\(result.body)")
        #expect(result.body["entries"]?[0]?["merchant_reference"] == "late-order")
    }

    @Test func entriesAlreadyRecordedSatisfyAnAwaitAtOnce() {
        var client = EngineClient()
        _ = checkout(&client)
        let result = client.send(
            "POST", "/__sandbox/journal/await", json: ["filter": ["method": "POST"], "count": 2, "timeout_ms": 0])
        #expect(result.status == 200)
        #expect(result.body["entries"]?.arrayValue?.count == 2)
    }

    @Test func aTimedOutAwaitListsNearMissesWithReasons() {
        var client = EngineClient()
        let (_, transactionId) = checkout(&client)
        let result = client.send(
            "POST", "/__sandbox/journal/await",
            json: ["filter": ["transaction_id": .string(transactionId), "status": 404], "count": 1, "timeout_ms": 20])
        #expect(result.status == 408)
        #expect(result.body["error"]?["code"] == "JOURNAL_AWAIT_TIMEOUT")
        #expect(result.body["entries"] == [])
        let misses = result.body["near_misses"]?.arrayValue ?? []
        #expect(misses.count == 4)
        #expect(misses.first?["mismatches"] == ["status 200 ≠ 404"])
        #expect(misses.first?["entry"]?["path"] == .string("/v1/transactions/\(transactionId)"))
        let last = misses.last?["mismatches"]?.arrayValue ?? []
        #expect(last.contains(.string("transaction_id none ≠ \(transactionId)")))
    }

    @Test(arguments: [
        ["count": 0] as JSONValue, ["timeout_ms": 60_001], ["filter": ["colour": "red"]], ["filter": "x"],
        // Matching costs pattern × path for every entry: a pattern longer than any request line is refused.
        ["filter": ["path": .string(String(repeating: "[", count: JournalFilter.longestPathPattern + 1))]],
    ])
    func malformedAwaitsAre400(body: JSONValue) {
        let client = EngineClient()
        #expect(client.send("POST", "/__sandbox/journal/await", json: body).status == 400)
    }

    /// A timed-out await explains itself against the newest `nearMissWindow` entries only, worked out after the
    /// journal's lock (against the whole journal, under it, many timeouts at once held every request's recording).
    @Test func nearMissesComeFromTheNewestEntries() {
        let client = EngineClient()
        _ = client.send("GET", "/v1/sessions/close-miss")  // one criterion off, but older than the window
        for _ in 0..<Journal.nearMissWindow { _ = client.send("POST", "/v1/elsewhere") }
        let answer = client.send(
            "POST", "/__sandbox/journal/await",
            json: ["filter": ["method": "GET", "path": "/v1/sessions/close-miss", "status": "200"], "timeout_ms": 0])
        #expect(answer.status == 408)
        let misses = answer.body["near_misses"]?.arrayValue ?? []
        #expect(misses.count == 5)
        #expect(misses.allSatisfy { $0["entry"]?["path"] == "/v1/elsewhere" })
    }

    @Test func theMemoryBoundKeepsTheNewestAndCountsTheDropped() {
        var configuration = SandboxConfiguration.testing()
        configuration.journalLimit = 10
        let client = EngineClient(sandbox: Sandbox(configuration: configuration))
        for _ in 0..<25 { client.send("GET", "/v1/sessions/none") }
        let held = entries(client)
        #expect(held.count == 10)
        #expect(held.first?["seq"] == 16)
        #expect(held.last?["seq"] == 25)
        let journal = client.send("GET", "/__sandbox/health").body["journal"]
        #expect(journal?["entries"] == 10)
        #expect(journal?["dropped"] == 15)
        #expect(journal?["file"] == .null)
        // The README's shape, every member present: `file_error` is null when there is none, not left out.
        #expect(journal?["file_error"] == .null)
        #expect(journal?.objectValue.map { Set($0.keys) } == ["entries", "dropped", "limit", "file", "file_error"])
    }

    /// Ids are inferred when entries are first read, not when recorded: entries recorded between two reads,
    /// some of them dropped and compacted away by the bound in between, must all come out with their ids.
    @Test func idsAreInferredForEveryEntryRecordedBetweenReadsAcrossTheBound() {
        var configuration = SandboxConfiguration.testing()
        configuration.journalLimit = 6
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        let (sessionId, transactionId) = checkout(&client)
        #expect(entries(client, "?transaction_id=\(transactionId)").count == 2)
        for round in 1...3 {
            for _ in 0..<(round * 5) { client.send("GET", "/v1/transactions/\(transactionId)") }
            let held = entries(client, "?transaction_id=\(transactionId)")
            #expect(held.count == 6)
            #expect(held.allSatisfy { $0["session_id"] == .string(sessionId) && $0["account_id"] == "T12345678" })
        }
        let bySession = entries(client, "?session_id=\(sessionId)&merchant_reference=order-77")
        #expect(bySession.count == 6)
    }

    @Test func resetClearsTheJournalOfOneAccountOrAll() {
        var client = EngineClient()
        client.send(
            "POST", "/__sandbox/accounts",
            json: ["account_id": "T00000002", "client_id": "b", "client_secret": "b-secret"])
        _ = checkout(&client)
        client.authenticate(account: "T00000002", client: "b", secret: "b-secret")
        _ = client.createSession(callbackURL: nil)
        client.send("POST", "/__sandbox/reset?account=T12345678")
        // What is left: the account creation (no account), the other account's two requests, the reset itself.
        let accounts = entries(client).map { $0["account_id"]?.stringValue ?? "none" }
        #expect(accounts == ["none", "T00000002", "T00000002", "T12345678"])
        client.send("POST", "/__sandbox/reset")
        #expect(entries(client).map { $0["path"] } == ["/__sandbox/reset"])
        client.send("DELETE", "/__sandbox/journal")
        #expect(entries(client).isEmpty)
    }

    @Test func aRequestNamingNoIdIsTheAccountOfItsBearerToken() {
        var client = EngineClient()
        client.send(
            "POST", "/__sandbox/accounts",
            json: ["account_id": "T00000002", "client_id": "b", "client_secret": "b-secret"])
        client.authenticate(account: "T00000002", client: "b", secret: "b-secret")
        // An empty list: neither the path, the query nor the body names an id, so only the token's `sub` tells.
        #expect(client.send("GET", "/v1/transactions").status == 200)
        client.send("GET", "/v1/transactions", headers: ["Authorization": "Bearer not.a-jwt!.token"])
        let accounts = entries(client).suffix(2).map { $0["account_id"]?.stringValue ?? "none" }
        #expect(accounts == ["T00000002", "none"])
    }

    @Test func theAdminTokenGuardsEveryControlRouteAndNothingElse() {
        var configuration = SandboxConfiguration.testing()
        configuration.adminToken = "s3cret"
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        let denied = client.send("GET", "/__sandbox/journal")
        #expect(denied.status == 401)
        #expect(denied.body["error"]?["code"] == "UNAUTHORIZED")
        #expect(client.send("GET", "/__sandbox/health", headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(client.send("POST", "/__sandbox/reset", headers: ["Authorization": "Bearer s3cret"]).status == 200)
        client.authenticate()
        #expect(client.token != nil)
        #expect(client.send("GET", "/__sandbox/health").status == 401)
    }
}
