import Foundation
import KraviaEngine
import SandboxSupport
import Testing

/// `/__sandbox/health` is rendered from parts; its bytes must be those of the whole document serialised at once.
struct HealthDocumentTests {
    @Test func theRenderedBodyIsTheCompactSortedDocument() throws {
        var client = EngineClient()
        client.authenticate()
        _ = client.createSession(callbackURL: nil)
        let response = client.send("GET", "/__sandbox/health").response
        #expect(response.status == 200)
        let document = try JSONParser.parse(response.body)
        #expect(JSONSerializer.data(document) == response.body)
        #expect(document["status"] == "ready")
        #expect(document["version"] == .string(Sandbox.version))
        #expect(document["data"] == .null)
        #expect(document["kravia_lifecycle"]?["accounts"]?["T12345678"] == "captured")
        let loaded = document["scenarios"]?["loaded"]?.arrayValue ?? []
        #expect(loaded.map { $0["name"]?.stringValue } == client.sandbox.configuration.scenarios.map(\.name))
        #expect(document["scenarios"]?["errors"] == [])
    }

    @Test func theChangingMembersAreReadPerRequest() throws {
        let client = EngineClient()
        let entries = { () throws -> Int? in
            try JSONParser.parse(client.send("GET", "/__sandbox/health").response.body)["journal"]?["entries"]?
                .intValue
        }
        let first = try entries()
        let second = try entries()
        // Each health request is journaled before the next one reads the count.
        #expect(first.map { $0 + 1 } == second)
        client.send(
            "POST", "/__sandbox/accounts",
            json: [
                "account_id": "T00000002", "client_id": "b", "client_secret": "b-secret",
                "kravia_lifecycle": "authorized",
            ])
        let accounts = { () throws -> JSONValue? in
            try JSONParser.parse(client.send("GET", "/__sandbox/health").response.body)["kravia_lifecycle"]?["accounts"]
        }
        #expect(try accounts()?["T00000002"] == "authorized")
        // The lifecycles are cached against the books' revision: a replaced account shows at once, and a reset (a
        // new ledger, whose accounts stay) renders the same members again.
        client.send(
            "POST", "/__sandbox/accounts",
            json: [
                "account_id": "T00000002", "client_id": "b", "client_secret": "b-secret",
                "kravia_lifecycle": "captured",
            ])
        #expect(try accounts()?["T00000002"] == "captured")
        client.send("POST", "/__sandbox/reset")
        #expect(try accounts() == ["T00000002": "captured", "T12345678": "captured"])
    }

    /// The journal's fixed members (limit, file) and its counts past the limit, and several accounts in byte order.
    @Test func aLimitedJournalAndSeveralAccountsRenderAsTheWholeDocument() throws {
        var configuration = SandboxConfiguration.testing()
        configuration.journalLimit = 2
        let client = EngineClient(sandbox: Sandbox(configuration: configuration))
        for id in ["T00000003", "T00000002"] {
            client.send(
                "POST", "/__sandbox/accounts",
                json: ["account_id": .string(id), "client_id": .string(id), "client_secret": "secret"])
        }
        let response = client.send("GET", "/__sandbox/health").response
        let document = try JSONParser.parse(response.body)
        #expect(JSONSerializer.data(document) == response.body)
        #expect(document["journal"]?["limit"] == 2)
        #expect(document["journal"]?["entries"] == 2)
        #expect(document["journal"]?["dropped"] == 0)
        #expect(document["journal"]?["file"] == .null)
        let accounts = document["kravia_lifecycle"]?["accounts"]?.objectValue.map { Array($0.keys) }
        #expect(accounts == ["T00000002", "T00000003", "T12345678"])
        client.send("GET", "/__sandbox/health")
        let later = try JSONParser.parse(client.send("GET", "/__sandbox/health").response.body)
        #expect(later["journal"]?["entries"] == 2)
        #expect(later["journal"]?["dropped"] == 2)
    }
}
