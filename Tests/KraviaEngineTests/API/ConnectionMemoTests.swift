import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// A keep-alive connection's requests share what the sandbox remembered of the last one (its route and its token's
/// account): every request is still answered as if it came alone.
@Suite struct ConnectionMemoTests {
    /// A client sending every request over one connection, with a captured transaction.
    private static func connectedClient() -> (client: EngineClient, transactionId: String) {
        var client = EngineClient()
        client.connection = ConnectionMemo()
        client.authenticate()
        let transactionId = client.complete(client.createSession()).body["transaction"]?["id"]?.stringValue ?? ""
        return (client, transactionId)
    }

    @Test func aRememberedTokenIsRefusedOnceExpiredAndAnotherIsLookedUp() {
        var (client, transactionId) = Self.connectedClient()
        let path = "/v1/transactions/\(transactionId)"
        #expect(client.send("GET", path).status == 200)
        #expect(client.send("GET", path).status == 200)
        #expect(client.send("POST", "/__sandbox/tokens/expire", json: [:]).body["expired"] == 1)
        let expired = client.send("GET", path)
        #expect(expired.status == 401)
        #expect(expired.body["error"]?["message"]?.stringValue?.hasPrefix("Access token expired") == true)
        let old = client.token
        client.authenticate()
        #expect(client.token != old)
        #expect(client.send("GET", path).status == 200)
        client.token = old
        #expect(client.send("GET", path).status == 401)
        client.token = "forged"
        #expect(client.send("GET", path).status == 401)
    }

    @Test func anotherAccountsTokenOnTheSameConnectionActsForThatAccount() {
        var (client, transactionId) = Self.connectedClient()
        let path = "/v1/transactions/\(transactionId)"
        let added = client.send(
            "POST", "/__sandbox/accounts",
            json: ["account_id": "T87654321", "client_id": "other", "client_secret": "other-secret"])
        #expect(added.status == 201)
        let first = client.token
        #expect(client.send("GET", path).status == 200)
        client.authenticate(account: "T87654321", client: "other", secret: "other-secret")
        #expect(client.send("GET", path).status == 404)
        client.token = first
        #expect(client.send("GET", path).body["id"] == .string(transactionId))
    }

    @Test func aRememberedRouteIsUsedOnlyForTheSameMethodAndPath() {
        let (client, transactionId) = Self.connectedClient()
        let path = "/v1/transactions/\(transactionId)"
        #expect(client.send("GET", path).body["id"] == .string(transactionId))
        #expect(client.send("GET", "/v1/transactions/T12345678.missing").status == 404)
        #expect(client.send("GET", path).body["id"] == .string(transactionId))
        let wrongMethod = client.send("DELETE", path)
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.response.headers["Allow"]?.contains("GET") == true)
        #expect(client.send("GET", path + "/nothing-here").status == 404)
        #expect(client.send("GET", path).status == 200)
    }

    /// A polled transaction is read again once anything changed it, on this connection or another, or the
    /// sandbox was reset; the one remembered is never another's or another account's.
    @Test func aRememberedTransactionIsReadAgainOnceTheBooksChange() {
        var (client, transactionId) = Self.connectedClient()
        let path = "/v1/transactions/\(transactionId)"
        let events = { client.send("GET", path).body["events"]?.arrayValue?.count ?? 0 }
        #expect(events() == 1)
        #expect(events() == 1)
        #expect(client.send("POST", path + "/refund", json: ["amount": 100]).status == 200)
        #expect(events() == 2)
        var other = client
        other.connection = nil
        #expect(other.send("POST", path + "/refund", json: ["amount": 100]).status == 200)
        #expect(events() == 3)
        #expect(client.send("GET", path + "?includes=session").body["session"]?["id"] != nil)
        let second = client.complete(client.createSession(reference: "second")).body["transaction"]?["id"]
        #expect(client.send("GET", "/v1/transactions/\(second?.stringValue ?? "")").body["id"] == second)
        #expect(client.send("GET", path).body["id"] == .string(transactionId))
        let added = client.send(
            "POST", "/__sandbox/accounts",
            json: ["account_id": "T87654321", "client_id": "other", "client_secret": "other-secret"])
        #expect(added.status == 201)
        let first = client.token
        client.authenticate(account: "T87654321", client: "other", secret: "other-secret")
        #expect(client.send("GET", path).status == 404)
        client.token = first
        #expect(client.send("GET", path).status == 200)
        #expect(client.send("POST", "/__sandbox/reset").status == 200)
        #expect(client.send("GET", path).status == 404)
    }
}
