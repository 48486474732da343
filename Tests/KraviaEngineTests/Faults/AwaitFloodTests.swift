import Foundation
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

@testable import KraviaEngine

/// More journal awaits than the sandbox holds at once, over real sockets: each waiting await holds a server
/// thread, so past `maximumJournalAwaits` they are answered 429 at once, and the threads left keep answering
/// everything else (without the bound, 512 awaits held every thread until they timed out). The bound is 8 here,
/// not the default 256, so that this test does not start hundreds of threads under the others' thread counts.
@Suite(.serialized) struct AwaitFloodTests {
    static let waiting = 8
    static let refused = 4
    /// An await for an entry recorded only when the test asks for `/awaited`, a minute at most.
    static let awaitBody = #"{"filter": {"path": "/awaited"}, "timeout_ms": 60000}"#
    static let awaitWire = Array(
        ("POST /__sandbox/journal/await HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(awaitBody.utf8.count)\r\n\r\n" + awaitBody).utf8)

    /// Sends the await on `socket`, all of it.
    static func sendAwait(on socket: Socket) throws {
        try awaitWire.withUnsafeBytes { try socket.sendAll($0, deadline: SystemCall.monotonicMilliseconds() + 5000) }
    }

    @Test func awaitsPastTheMaximumAreRefusedAndTheSandboxKeepsAnswering() throws {
        #expect(SandboxConfiguration().maximumJournalAwaits == 256)
        var configuration = SandboxConfiguration.testing()
        configuration.maximumJournalAwaits = Self.waiting
        try withServedSandbox(configuration) { sandbox, server in
            let base = "http://127.0.0.1:\(server.port)"
            let timeouts = HTTPClientConfiguration(connectTimeoutMilliseconds: 5000, readTimeoutMilliseconds: 30_000)
            let http = HTTPClient(configuration: timeouts)

            let flood = try ConnectionFlood(count: Self.waiting + Self.refused, port: server.port)
            defer { flood.close() }
            for socket in flood.sockets { try Self.sendAwait(on: socket) }
            #expect(eventually { sandbox.journal.waiterCount == Self.waiting }, "the awaits never all waited")
            let refusals = flood.collectAnswers(expected: Self.refused, timeout: 30_000)
            #expect(refusals == Array(repeating: 429, count: Self.refused))

            // Answered while the awaits wait: the refusal in Dintero's shape, and everything else as usual.
            let refusal = try http.send(
                OutboundRequest(
                    method: "POST", url: base + "/__sandbox/journal/await",
                    headers: ["Content-Type": "application/json"], body: Data(Self.awaitBody.utf8)))
            #expect(refusal.status == 429)
            #expect(refusal.headers["Retry-After"] == "1")
            #expect(try JSONParser.parse(refusal.body)["error"]?["code"] == "TOO_MANY_REQUESTS")
            #expect(try http.send(OutboundRequest(url: base + "/__sandbox/health")).status == 200)
            #expect(sandbox.journal.waiterCount == Self.waiting)

            // The entry they wait for answers every one of them.
            #expect(try http.send(OutboundRequest(url: base + "/awaited")).status == 404)
            // (The refused connections, read already, stay open with nothing more to say.)
            let answers = flood.collectAnswers(expected: Self.waiting, timeout: 30_000)
            #expect(answers == Array(repeating: 200, count: Self.waiting))
            #expect(sandbox.journal.waiterCount == 0)
        }
    }

    /// An await whose client has closed its connection stops waiting at its next look (every quarter second),
    /// giving back its thread and its place among the waiting; one whose client is still there waits on.
    @Test func anAwaitWhoseClientHasGoneStopsWaiting() throws {
        try withServedSandbox { sandbox, server in
            let address = SocketAddress(numericHost: "127.0.0.1", port: server.port)!
            let clients = try (0..<2).map { _ in
                let socket = try Socket.tcp(family: address.family)
                try socket.connect(to: address, timeout: 5000)
                try Self.sendAwait(on: socket)
                return socket
            }
            defer { clients[1].close() }
            try #require(eventually { sandbox.journal.waiterCount == 2 }, "the awaits never waited")
            clients[0].close()
            #expect(eventually(patience: .seconds(10)) { sandbox.journal.waiterCount == 1 }, "the gone one still waits")
            let http = HTTPClient(configuration: HTTPClientConfiguration())
            #expect(try http.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/awaited")).status == 404)
            #expect(eventually { sandbox.journal.waiterCount == 0 })
        }
    }
}
