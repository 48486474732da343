import Foundation
import SandboxHTTP
import SandboxSupport
import Synchronization
import Testing

/// `kill -9` of the real executable under load, again and again, restarted on the same `--data`: whatever was
/// acknowledged is there with identical JSON, nothing is half there, pending callbacks get delivered, and new
/// ids never collide with old ones.
@Suite struct CrashRecoveryTests {
    let executable = BuiltExecutable.locate()

    /// What the merchant was told, and so may rely on.
    final class Acknowledged: @unchecked Sendable {
        let lock = NSCondition()
        /// Each transaction's JSON as last answered (nil while an operation that changes it without answering
        /// with it, a payment, is unconfirmed).
        var transactions: [String: JSONValue?] = [:]
        var sessions: Set<String> = []
        var invoices: [String: String] = [:]
        /// Which load lane works on each transaction, so two lanes never race on one.
        var lanes: [String: Int] = [:]
        var operations = 0
        var collisions: [String] = []

        func with<T>(_ body: (Acknowledged) -> T) -> T {
            lock.lock()
            defer {
                lock.broadcast()
                lock.unlock()
            }
            return body(self)
        }

        /// Waits until `count` operations were acknowledged, or `timeout` passed.
        func waitForOperations(_ count: Int, timeout: TimeInterval) {
            let deadline = Date().addingTimeInterval(timeout)
            lock.lock()
            defer { lock.unlock() }
            while operations < count, lock.wait(until: deadline) {}
        }

        /// One of `lane`'s transactions, at random.
        func transaction(of lane: Int, _ random: inout SeededRandom) -> String? {
            with { state in
                let own = state.lanes.filter { $0.value == lane }.keys.sorted()
                return own.isEmpty ? nil : own[Int(random.uniform(below: UInt64(own.count)))]
            }
        }
    }

    /// One running sandbox with its HTTP client and token.
    struct Server {
        let base: String
        let token: String
        /// Lists of a hundred transactions are larger than a callback answer the default client takes.
        let client = HTTPClient(configuration: Self.clientConfiguration)

        static var clientConfiguration: HTTPClientConfiguration {
            var configuration = HTTPClientConfiguration()
            configuration.maxBodySize = 64 << 20
            return configuration
        }

        func send(_ method: String, _ path: String, _ body: JSONValue? = nil, bearer: Bool = true) throws -> (
            status: Int, body: JSONValue
        ) {
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            if bearer { headers["Authorization"] = "Bearer " + token }
            let answer = try client.send(
                OutboundRequest(
                    method: method, url: base + path, headers: headers, body: body.map(JSONSerializer.data) ?? Data()))
            return (answer.status, (try? JSONParser.parse(answer.body)) ?? .null)
        }
    }

    static func launch(_ executable: BuiltExecutable, data: String, portFile: String) throws -> BuiltExecutable.Running
    {
        try? FileManager.default.removeItem(atPath: portFile)
        return try executable.launch([
            "--port", "0", "--port-file", portFile, "--log", "none", "--data", data,
            "--clock", "frozen=2027-01-05T10:00:00Z",
        ])
    }

    /// A stream of merchant work until the server goes away: checkouts, refunds, payments, clock moves.
    static func load(_ server: Server, merchant: String, into acknowledged: Acknowledged, lane: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        // The transaction an operation under way changes: when the kill cuts its answer off, it may or may not
        // have happened, so the transaction is unconfirmed until read again.
        var changing: String?
        while true {
            changing = nil
            do {
                switch random.uniform(below: 10) {
                case 0..<5: try checkout(server, merchant: merchant, into: acknowledged, lane: lane)
                case 5..<7:
                    guard let id = acknowledged.transaction(of: lane, &random) else { continue }
                    changing = id
                    let answer = try server.send("POST", "/v1/transactions/\(id)/refund", ["amount": 100])
                    if answer.status == 200 { acknowledged.with { $0.transactions[id] = answer.body } }
                case 7..<9:
                    guard let id = acknowledged.transaction(of: lane, &random),
                        let number = acknowledged.with({ $0.invoices[id] })
                    else { continue }
                    // A payment answers with the invoice: the transaction is unconfirmed until read again.
                    acknowledged.with { $0.transactions[id] = JSONValue?.none }
                    let paid = try server.send(
                        "POST", "/__sandbox/invoices/\(number)/payments", ["amount": 100], bearer: false)
                    guard paid.status == 200 else { continue }
                    let answer = try server.send("GET", "/v1/transactions/\(id)")
                    if answer.status == 200 { acknowledged.with { $0.transactions[id] = answer.body } }
                default:
                    // Runs the retries of callbacks refused so far; five minutes, far from any settlement.
                    _ = try server.send("POST", "/__sandbox/clock", ["advance": "PT5M"], bearer: false)
                }
                acknowledged.with { $0.operations += 1 }
            } catch {
                if let changing { acknowledged.with { $0.transactions[changing] = JSONValue?.none } }
                return
            }
        }
    }

    static func checkout(_ server: Server, merchant: String, into acknowledged: Acknowledged, lane: Int) throws {
        let session = try server.send(
            "POST", "/v1/sessions-profile", QuickStartTests.sessionBody(callbackURL: merchant))
        guard session.status == 200, let sessionId = session.body["id"]?.stringValue else { return }
        acknowledged.with { state in
            if !state.sessions.insert(sessionId).inserted { state.collisions.append(sessionId) }
        }
        let completed = try server.send(
            "POST", "/__sandbox/sessions/\(sessionId)/complete", QuickStartTests.completeBody, bearer: false)
        guard completed.status == 200, let transaction = completed.body["transaction"],
            let id = transaction["id"]?.stringValue
        else { return }
        let number = transaction["metadata"]?["kravia:invoice_number"]?.stringValue ?? ""
        acknowledged.with { state in
            if state.transactions[id] != nil { state.collisions.append(id) }
            state.transactions[id] = transaction
            state.lanes[id] = lane
            if state.invoices.values.contains(number) { state.collisions.append(number) }
            state.invoices[id] = number
        }
    }

    /// Checks the restarted sandbox against what was acknowledged; refreshes unconfirmed transactions.
    static func verify(_ server: Server, _ acknowledged: Acknowledged, round: Int) throws {
        let known = acknowledged.with { $0.transactions }
        for (id, expected) in known {
            let answer = try server.send("GET", "/v1/transactions/\(id)")
            #expect(answer.status == 200, "round \(round): acknowledged transaction \(id) is gone")
            if let expected {
                let differing = (expected.objectValue ?? [:]).keys.filter { answer.body[$0] != expected[$0] }.sorted()
                #expect(
                    answer.body == expected,
                    "round \(round): transaction \(id) is not as acknowledged: \(differing.map { "\($0): \(answer.body[$0] ?? .null) != \(expected[$0] ?? .null)" })"
                )
            } else {
                acknowledged.with { $0.transactions[id] = answer.body }
            }
        }
        for sessionId in acknowledged.with({ $0.sessions }) {
            #expect(
                try server.send("GET", "/v1/sessions/\(sessionId)").status == 200,
                "round \(round): acknowledged session \(sessionId) is gone")
        }
        // Nothing half there: every transaction, acknowledged or not, has its session and its invoice.
        var listed: [JSONValue] = []
        while true {
            let after = listed.last?["id"]?.stringValue.map { "&starting_after=" + $0 } ?? ""
            let answer = try server.send("GET", "/v1/transactions?limit=100" + after)
            #expect(answer.status == 200, "\(answer.body)")
            let page = answer.body.arrayValue ?? []
            listed += page
            if page.count < 100 { break }
        }
        #expect(listed.count >= known.count)
        for transaction in listed {
            let sessionId = transaction["session_id"]?.stringValue ?? ""
            #expect(try server.send("GET", "/v1/sessions/\(sessionId)").status == 200, "round \(round): \(sessionId)")
            let number = transaction["metadata"]?["kravia:invoice_number"]?.stringValue ?? ""
            #expect(
                try server.send("GET", "/__sandbox/invoices/\(number)", bearer: false).status == 200,
                "round \(round): invoice \(number) of \(transaction["id"] ?? .null)")
            // Known from now on, so later ids are checked against it too.
            if let id = transaction["id"]?.stringValue {
                acknowledged.with { state in
                    if state.transactions[id] == nil { state.transactions[id] = transaction }
                    if state.lanes[id] == nil { state.lanes[id] = 0 }
                    state.sessions.insert(sessionId)
                    state.invoices[id] = number
                }
            }
        }
    }

    static func token(base: String) throws -> String {
        let client = HTTPClient()
        let basic = "Basic " + Data("sandbox:sandbox-secret".utf8).base64EncodedString()
        let answer = try client.send(
            OutboundRequest(
                method: "POST", url: base + "/v1/accounts/T12345678/auth/token",
                headers: ["Content-Type": "application/json", "Authorization": basic],
                body: JSONSerializer.data(["grant_type": "client_credentials", "audience": "x"])))
        return try #require(try JSONParser.parse(answer.body)["access_token"]?.stringValue)
    }

    @Test func killedAgainAndAgainUnderLoadLosesNothingAcknowledged() throws {
        let executable = try #require(executable, "build the kravia-sandbox product first")
        let folder = NSTemporaryDirectory() + "kravia-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = folder + "/data"
        let portFile = folder + "/port"
        let merchant = FlakyMerchant()
        try merchant.start()
        defer { merchant.stop() }
        let acknowledged = Acknowledged()
        var system = SystemRandomNumberGenerator()
        let seed = system.next() as UInt64
        var random = SeededRandom(seed: seed)
        var token: String?
        let rounds = 20
        for round in 0..<rounds {
            let running = try Self.launch(executable, data: data, portFile: portFile)
            defer { if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) } }
            let port = try #require(waitForFile(portFile), "round \(round) (seed \(seed)): \(running.finish().error)")
            let base = "http://127.0.0.1:\(port)"
            // The token of the first round survives every restart.
            if token == nil { token = try Self.token(base: base) }
            let server = Server(base: base, token: token ?? "")
            try Self.verify(server, acknowledged, round: round)
            #expect(acknowledged.with { $0.collisions } == [], "seed \(seed)")

            // Two merchants' threads at once (their writes share log syncs), killed after a random number of
            // acknowledged operations, while requests are under way.
            let target = acknowledged.with { $0.operations } + 3 + Int(random.uniform(below: 25))
            let done = DispatchGroup()
            for lane in 0..<2 {
                let laneSeed = seed &+ UInt64(round * 2 + lane)
                DispatchQueue.global().async(group: done) {
                    Self.load(server, merchant: merchant.url, into: acknowledged, lane: lane, seed: laneSeed)
                }
            }
            acknowledged.waitForOperations(target, timeout: 30)
            kill(running.process.processIdentifier, SIGKILL)
            running.process.waitUntilExit()
            #expect(done.wait(timeout: .now() + 30) == .success, "the load did not notice the kill")
        }

        // The last start: everything acknowledged is there, and every callback ever queued gets delivered.
        let running = try Self.launch(executable, data: data, portFile: portFile)
        defer { _ = running.stop() }
        let port = try #require(waitForFile(portFile))
        let server = Server(base: "http://127.0.0.1:\(port)", token: token ?? "")
        try Self.verify(server, acknowledged, round: rounds)
        var deliveries: [JSONValue] = []
        for _ in 0..<30 {
            deliveries =
                try server.send("GET", "/__sandbox/callbacks", bearer: false).body["deliveries"]?.arrayValue ?? []
            if deliveries.allSatisfy({ $0["state"] == "delivered" }) { break }
            _ = try server.send("POST", "/__sandbox/clock", ["advance": "PT5M"], bearer: false)
        }
        let ids = Set(deliveries.compactMap { $0["id"]?.stringValue })
        #expect(deliveries.allSatisfy { $0["state"] == "delivered" }, "seed \(seed)")
        #expect(merchant.waitUntilAccepted(ids, timeout: 30).isEmpty)
        // Every callback refused before a kill was delivered after it.
        #expect(merchant.refusedDeliveries.isSubset(of: ids))
        #expect(acknowledged.with { $0.transactions.count } >= rounds)
        #expect(acknowledged.with { $0.collisions } == [], "seed \(seed)")
        let health = try server.send("GET", "/__sandbox/health", bearer: false).body["data"]
        #expect(health?["format_version"] == 1)
    }
}
