import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

/// A client polling a transaction on one keep-alive connection, its head the same bytes each time: the repeats
/// share one header list, the journal writer answers their ids from its memo of that list (`SkimMemo`), and the
/// journal file names the transaction, its session and its reference on every poll, before and after the
/// transaction changes.
@Suite struct RepeatedPollSocketTests {
    /// The JSON answer to `GET path` with `token` on `client`'s keep-alive connection (the head the same bytes for
    /// the same arguments).
    private static func get(_ path: String, token: String, on client: RawClient) throws -> JSONValue {
        try client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n")
        return try JSONParser.parse(Data(client.readResponse().body))
    }

    @Test func everyPollOnAConnectionNamesTheTransactionItsSessionAndReference() async throws {
        let path = NSTemporaryDirectory() + "kravia-polls-\(UUID().uuidString).ndjson"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = SandboxConfiguration.testing()
        configuration.journalFile = path
        let live = try LiveSandbox(configuration: configuration)
        live.sandbox.start()
        defer {
            live.sandbox.shutdown()
            live.stop()
        }
        let token = try await live.token()
        let transaction = try await ScenarioSocketTests.checkout(live, token: token, scenario: "on-hold-then-captured")
        let id = try #require(transaction["id"]?.stringValue)
        let client = try RawClient(port: Int(live.server.port))
        for _ in 0..<3 {
            #expect(try Self.get("/v1/transactions/\(id)", token: token, on: client)["status"] == "ON_HOLD")
        }
        // The transaction changes under the polls (settled a month on), with a token of the new month.
        #expect(try await live.send("POST", "/__sandbox/clock", json: ["advance": "P30D"]).status == 200)
        let fresh = try await live.token()
        for _ in 0..<3 {
            #expect(try Self.get("/v1/transactions/\(id)", token: fresh, on: client)["status"] == "SETTLED")
        }

        live.sandbox.waitUntilJournalWritten()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let polls = try text.split(separator: "\n").map { try JSONParser.parse(Data($0.utf8)) }
            .filter { $0["method"] == "GET" && $0["path"] == .string("/v1/transactions/\(id)") }
        #expect(polls.count == 6)
        for poll in polls {
            #expect(poll["transaction_id"] == .string(id))
            #expect(poll["session_id"] == transaction["session_id"])
            #expect(poll["merchant_reference"] == transaction["merchant_reference"])
            #expect(poll["account_id"] == "T12345678")
        }
    }
}
