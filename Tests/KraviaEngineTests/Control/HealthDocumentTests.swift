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
        let accounts = try JSONParser.parse(client.send("GET", "/__sandbox/health").response.body)["kravia_lifecycle"]?[
            "accounts"]
        #expect(accounts?["T00000002"] == "authorized")
    }
}
