import Foundation
import KraviaEngine
import SandboxSupport
import Testing

/// One account's token never reads or changes another's objects: they answer 404, as if they did not exist.
@Suite struct AccountIsolationTests {
    @Test func secondAccountSeesNothingOfTheFirst() {
        var first = EngineClient()
        first.authenticate()
        let sessionId = first.createSession()
        let transactionId = first.complete(sessionId).body["transaction"]?["id"]?.stringValue ?? ""
        let added = first.send(
            "POST", "/__sandbox/accounts",
            json: ["account_id": "T87654321", "client_id": "other", "client_secret": "other-secret"])
        #expect(added.status == 201)
        var second = EngineClient(sandbox: first.sandbox)
        second.authenticate(account: "T87654321", client: "other", secret: "other-secret")
        #expect(second.token != nil)
        #expect(second.send("GET", "/v1/sessions/\(sessionId)").status == 404)
        #expect(second.send("GET", "/v1/transactions/\(transactionId)").status == 404)
        #expect(second.send("POST", "/v1/transactions/\(transactionId)/refund", json: ["amount": 1]).status == 404)
        #expect(second.send("POST", "/v1/sessions/\(sessionId)/cancel").status == 404)
        #expect(second.send("PUT", "/v1/sessions/\(sessionId)", json: ["order": ["amount": 1]]).status == 404)
        #expect(second.send("GET", "/v1/transactions").body == .array([]))
        #expect(second.send("GET", "/v1/sessions").body == .array([]))
        #expect(first.send("GET", "/v1/transactions/\(transactionId)").body["status"] == "CAPTURED")
    }

    @Test func tokensAreChecked() {
        var client = EngineClient()
        #expect(client.send("GET", "/v1/sessions").status == 401)
        client.token = "forged"
        #expect(client.send("GET", "/v1/sessions").status == 401)
        client.authenticate(secret: "wrong")
        #expect(client.token == nil)
        client.authenticate(account: "T00000000")
        #expect(client.token == nil)
        client.authenticate()
        #expect(client.send("GET", "/v1/sessions").status == 200)
    }

    /// Clients cache tokens by wall time (`expires_in`): moving the sandbox clock by months must not expire them.
    @Test func tokensOutliveSandboxTime() {
        var client = EngineClient()
        client.authenticate()
        #expect(client.send("POST", "/__sandbox/clock", json: ["advance": "P60D"]).status == 200)
        #expect(client.send("GET", "/v1/sessions").status == 200)
        client.sandbox.clock.set(Timestamp(iso8601: "2030-01-05T14:00:00Z")!)
        #expect(client.send("GET", "/v1/sessions").status == 200)
    }

    /// A token expires after `expires_in` seconds of wall time: with a lifetime of 0 it is expired at once.
    @Test func tokensExpireInWallTime() {
        var configuration = SandboxConfiguration.testing()
        configuration.tokenLifetime = .zero
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        client.authenticate()
        #expect(client.token != nil)
        let expired = client.send("GET", "/v1/sessions")
        #expect(expired.status == 401)
        #expect(expired.body["error"]?["message"]?.stringValue?.contains("expired") == true)
    }

    @Test func tokensCanBeExpiredOnPurpose() {
        var first = EngineClient()
        first.authenticate()
        var second = EngineClient(sandbox: first.sandbox)
        second.authenticate()
        var third = EngineClient(sandbox: first.sandbox)
        third.authenticate()
        #expect(third.token != nil)
        #expect(first.send("POST", "/__sandbox/tokens/expire", json: ["account": "T99999999"]).body["expired"] == 0)
        #expect(first.send("POST", "/__sandbox/tokens/expire", json: ["acount": "T12345678"]).status == 400)
        #expect(first.send("POST", "/__sandbox/tokens/expire", json: ["account": "T12345678"]).body["expired"] == 3)
        let refused = first.send("GET", "/v1/sessions")
        #expect(refused.status == 401)
        #expect(refused.body["error"]?["message"]?.stringValue?.contains("expired") == true)
        #expect(first.send("POST", "/__sandbox/tokens/expire").body["expired"] == 0)
        first.authenticate()
        #expect(first.send("GET", "/v1/sessions").status == 200)
        #expect(first.send("POST", "/__sandbox/tokens/expire").body["expired"] == 1)
    }

    @Test func badAccountIdInTheTokenPath() {
        let client = EngineClient()
        let basic = Data("sandbox:sandbox-secret".utf8).base64EncodedString()
        let result = client.send(
            "POST", "/v1/accounts/P12345678/auth/token", json: [:], headers: ["Authorization": "Basic " + basic])
        #expect(result.status == 400)
        #expect(result.body["error"]?["errors"]?[0]?["field"] == "account_id")
    }

    @Test func unknownPathsAndMethods() {
        let client = EngineClient()
        #expect(client.send("GET", "/v1/nothing").status == 404)
        let wrongMethod = client.send("DELETE", "/v1/sessions")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.response.headers["Allow"]?.contains("GET") == true)
        #expect(wrongMethod.response.headers["request-id"] != nil)
    }
}
