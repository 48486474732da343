import Foundation
import Glibc
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// A client polling a transaction on one keep-alive connection, its head the same bytes each time: the repeats
/// share one header list, the journal writer answers their ids from its memo of that list (`SkimMemo`), and the
/// journal file names the transaction, its session and its reference on every poll, before and after the
/// transaction changes.
@Suite struct RepeatedPollSocketTests {
    /// One keep-alive connection sending whole heads and reading `Content-Length` answers.
    private final class Connection {
        let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(connected == 0)
        }

        deinit { close(descriptor) }

        /// Sends `GET path` with `token` and returns the status line's code and the body.
        func get(_ path: String, token: String) throws -> (status: Int, body: JSONValue) {
            let head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n"
            let sent = head.utf8CString.withUnsafeBufferPointer { send(descriptor, $0.baseAddress, $0.count - 1, 0) }
            try #require(sent == head.utf8.count)
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let text = String(decoding: received, as: UTF8.self)
                if let end = text.range(of: "\r\n\r\n") {
                    let headText = text[..<end.lowerBound].lowercased()
                    let length = headText.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
                    let bodyStart = text.utf8.distance(from: text.startIndex, to: end.upperBound)
                    if let length, received.count >= bodyStart + length {
                        let status = Int(headText.split(separator: " ")[1]) ?? 0
                        let body = try JSONParser.parse(Data(received[bodyStart..<(bodyStart + length)]))
                        return (status, body)
                    }
                }
                let count = recv(descriptor, &buffer, buffer.count, 0)
                try #require(count > 0, "the connection closed")
                received += buffer[..<count]
            }
        }
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
        let connection = try Connection(port: Int(live.server.port))
        for _ in 0..<3 {
            #expect(try connection.get("/v1/transactions/\(id)", token: token).body["status"] == "ON_HOLD")
        }
        // The transaction changes under the polls (settled a month on), with a token of the new month.
        #expect(try await live.send("POST", "/__sandbox/clock", json: ["advance": "P30D"]).status == 200)
        let fresh = try await live.token()
        for _ in 0..<3 {
            #expect(try connection.get("/v1/transactions/\(id)", token: fresh).body["status"] == "SETTLED")
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
