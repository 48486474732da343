import Foundation
import KraviaEngine
import SandboxSupport
import Testing

/// A sandbox with `--data` keeps what it acknowledged across restarts, and goes on as if it had never stopped.
struct DurableSandboxTests {
    /// The first half of a day's work: accounts, profiles, secrets, checkouts, a refund, a payment, webhooks,
    /// report configurations, a default scenario, clock moves. Returns each answer.
    static func firstHalf(_ client: inout EngineClient) -> [JSONValue] {
        var answers: [JSONValue] = []
        answers.append(
            client.send(
                "POST", "/__sandbox/accounts",
                json: ["account_id": "T87654321", "client_id": "second", "client_secret": "second-secret"]
            ).body)
        client.authenticate()
        answers.append(client.send("POST", "/v1/admin/signature", json: [:]).body)
        answers.append(
            client.send(
                "POST", "/v1/admin/session/profiles",
                json: ["description": "Second", "configuration": AccountSettings.defaultProfile]
            ).body)
        let first = client.checkout(reference: "first")
        answers.append(first)
        let paid = client.checkout(reference: "paid")
        answers.append(paid)
        let id = first["transaction"]?["id"]?.stringValue ?? ""
        answers.append(client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 10000]).body)
        answers.append(client.pay((paid["transaction"] ?? .null).invoiceNumber, 50000).body)
        answers.append(
            client.send(
                "POST", "/v1/accounts/T12345678/hooks/subscriptions",
                json: ["url": "https://example.com/hooks", "events": ["checkout_transaction"], "secret": "hook"]
            ).body)
        answers.append(
            client.send(
                "POST", "/v1/accounts/T12345678/settlements/reports/configuration",
                json: ["destinations": [["destination_type": "email", "email": "ops@example.com"]]]
            ).body)
        answers.append(client.send("PUT", "/__sandbox/scenarios/default", json: ["scenario": "unpaid"]).body)
        answers.append(client.clock(["advance": "PT2H"]))
        answers.append(client.checkout(reference: "unpaid by default"))
        return answers
    }

    /// The second half: more checkouts and refunds, days passing (settlements run), a token expired.
    static func secondHalf(_ client: inout EngineClient) -> [JSONValue] {
        var answers: [JSONValue] = []
        answers.append(client.send("PUT", "/__sandbox/scenarios/default", json: ["scenario": nil]).body)
        let third = client.checkout(reference: "third")
        answers.append(third)
        answers.append(client.clock(["advance": "P5D"]))
        client = client.fresh()
        let id = third["transaction"]?["id"]?.stringValue ?? ""
        answers.append(client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 5000]).body)
        answers.append(client.checkout(reference: "fourth"))
        return answers
    }

    @Test func restartedSandboxHoldsEverythingAndGoesOnWithTheSameIds() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var memory = EngineClient(sandbox: Sandbox(configuration: .durable(nil)))
        memory.authenticate()
        let expectedFirst = Self.firstHalf(&memory)
        #expect(memory.sandbox.deliverDueCallbacks())

        let (firstAnswers, viewsBefore, callbacksBefore, token) = try {
            var durable = EngineClient(sandbox: try Sandbox(opening: .durable(folder)))
            defer { durable.sandbox.shutdown() }  // the folder free for the restart, whatever still holds the sandbox
            durable.authenticate()
            let answers = Self.firstHalf(&durable)
            #expect(durable.sandbox.deliverDueCallbacks())
            return (
                answers, durable.views(accounts: ["T12345678", "T87654321"]),
                durable.send("GET", "/__sandbox/callbacks").body, durable.token
            )
        }()
        #expect(firstAnswers == expectedFirst)

        var restarted = EngineClient(sandbox: try Sandbox(opening: .durable(folder)))
        restarted.token = token
        #expect(restarted.views(accounts: ["T12345678", "T87654321"]) == viewsBefore)
        #expect(restarted.send("GET", "/__sandbox/callbacks").body == callbacksBefore)
        let health = restarted.send("GET", "/__sandbox/health").body["data"]
        #expect(health?["folder"]?.stringValue == folder.path)
        #expect((health?["replay"]?["records"]?.intValue ?? 0) > 0)

        // The same reads on the sandbox that never stopped (each request draws a request id from the seeded ids).
        _ = memory.views(accounts: ["T12345678", "T87654321"])
        _ = memory.send("GET", "/__sandbox/callbacks")
        _ = memory.send("GET", "/__sandbox/health")
        let expectedSecond = Self.secondHalf(&memory)
        #expect(Self.secondHalf(&restarted) == expectedSecond)
        #expect(restarted.sandbox.deliverDueCallbacks())
        #expect(memory.sandbox.deliverDueCallbacks())
        let accounts = ["T12345678", "T87654321"]
        #expect(restarted.fresh().views(accounts: accounts) == memory.fresh().views(accounts: accounts))
    }

    @Test func snapshotThenLogReplayGivesTheSameState() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var configuration = SandboxConfiguration.durable(folder)
        // A snapshot after almost every record: replay always starts from one, with a short log after it.
        configuration.snapshotThreshold = 4096
        let (views, token) = try {
            var client = EngineClient(sandbox: try Sandbox(opening: configuration))
            defer { client.sandbox.shutdown() }
            client.authenticate()
            _ = Self.firstHalf(&client)
            _ = Self.secondHalf(&client)
            #expect(client.sandbox.deliverDueCallbacks())
            return (client.views(), client.token)
        }()
        #expect(FileManager.default.fileExists(atPath: folder.file("snapshot.kss")))
        var restarted = EngineClient(sandbox: try Sandbox(opening: configuration))
        restarted.token = token
        #expect(restarted.views() == views)
    }

    @Test func resetEmptiesWhatIsOnDiskToo() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let token: String? = try {
            var client = EngineClient(sandbox: try Sandbox(opening: .durable(folder)))
            defer { client.sandbox.shutdown() }
            client.authenticate()
            _ = client.checkout(reference: "forgotten")
            #expect(client.send("POST", "/__sandbox/reset").status == 200)
            return client.token
        }()
        #expect(folder.logFiles.allSatisfy { (try? Data(contentsOf: URL(fileURLWithPath: $0)).count) ?? 0 <= 12 })
        var restarted = EngineClient(sandbox: try Sandbox(opening: .durable(folder)))
        restarted.token = token
        #expect(restarted.send("GET", "/v1/transactions").body == [])
    }

    @Test func secondSandboxOnTheSameFolderIsRefusedWithThePid() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let first = try Sandbox(opening: .durable(folder))
        #expect {
            _ = try Sandbox(opening: .durable(folder))
        } throws: { error in
            "\(error)".contains("in use by another sandbox (pid \(ProcessInfo.processInfo.processIdentifier))")
        }
        _ = first
    }

    @Test func apiFaultsAndTheirCountersGoOnAfterARestart() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var configuration = SandboxConfiguration.durable(folder)
        configuration.scenarios.append(
            try ScenarioCatalog.parse(
                #"""
                {"name": "flaky-sessions", "description": "Session creation fails three times.",
                 "api_faults": [{"method": "POST", "path": "/v1/sessions*", "status": 500, "times": 3}]}
                """#))
        let body = Samples.sessionProfileBody()
        let token: String? = try {
            var client = EngineClient(sandbox: try Sandbox(opening: configuration))
            defer { client.sandbox.shutdown() }
            client.authenticate()
            client.send("PUT", "/__sandbox/scenarios/default?account=T12345678", json: ["scenario": "flaky-sessions"])
            #expect(client.send("POST", "/v1/sessions-profile", json: body).status == 500)
            #expect(client.send("POST", "/v1/sessions-profile", json: body).status == 500)
            return client.token
        }()
        var restarted = EngineClient(sandbox: try Sandbox(opening: configuration))
        restarted.token = token
        // Armed again, and counting on from two.
        #expect(restarted.send("POST", "/v1/sessions-profile", json: body).status == 500)
        #expect(restarted.send("POST", "/v1/sessions-profile", json: body).status == 200)
    }
}
