@preconcurrency import Glibc
import Foundation
import Synchronization
import Testing
@testable import SandboxHTTP
import SandboxTestSupport

/// Connection floods, slow senders and clients that never read: the server keeps serving fresh clients,
/// refuses what is past its limit with an answer, and gives back every descriptor and thread afterwards.
///
/// Serialized: each test holds thousands of descriptors. Descriptors are attributed exactly (sockets on the
/// server's port, see `ProcessCensus`), and so are threads (the server's own, `threadCount`: the whole process's
/// count also moved with other tests' servers, and once rose past the allowance after a flood); whole-process
/// descriptor counts allow for the few that tests running in parallel hold at the moment, far below the thousands
/// a leak would show.
@Suite(.serialized) struct HTTPServerFloodTests {
    static let floodSize = 2000
    /// Both ends of every flood connection, twice (this suite and the other target's flood may run at the same
    /// time), plus room for everything else in the process.
    static let descriptorsNeeded = 4 * floodSize + 1024
    /// What other tests running in parallel may hold at any moment (a few servers and clients).
    static let parallelNoise = 64
    /// Workers a server may add while a flood arrives (it adds them as requests wait, not per connection).
    static let addedWorkers = 64

    static func configuration(maxConnections: Int = 4096) -> HTTPServerConfiguration {
        // Idle flood connections must outlive the test, not be closed by the head timeout.
        HTTPServerConfiguration(port: 0, maxConnections: maxConnections, headTimeout: .seconds(60))
    }

    /// A full request and response on a new connection.
    static func freshStatus(_ port: Int) throws -> Int {
        let client = try RawClient(port: port)
        try client.send("GET /fresh HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        return try client.readResponse().status
    }

    @Test(.enabled(if: DescriptorBudget.allows(HTTPServerFloodTests.descriptorsNeeded), "needs RLIMIT_NOFILE ≥ 9024"))
    func heldIdleFloodStillServesAFreshClient() throws {
        try withServer(Self.configuration()) { server in
            let port = server.port
            #expect(try Self.freshStatus(port) == 200)
            #expect(ProcessCensus.eventually { ProcessCensus.sockets(port: port) == (1, 0) })
            let (descriptorsBefore, threadsBefore) = (ProcessCensus.descriptors, server.threadCount)

            let flood = try ConnectionFlood(count: Self.floodSize, port: port)
            defer { flood.close() }
            // The server has accepted every one and holds it, idle, with no thread per connection.
            #expect(
                ProcessCensus.eventually { ProcessCensus.sockets(port: port).local == Self.floodSize + 1 },
                "\(ProcessCensus.sockets(port: port))")
            #expect(server.threadCount <= threadsBefore + Self.addedWorkers)
            #expect(try Self.freshStatus(port) == 200)
            #expect(flood.readableNow == 0, "no flood connection was answered or dropped")

            flood.close()
            #expect(ProcessCensus.eventually { ProcessCensus.sockets(port: port) == (1, 0) })
            #expect(ProcessCensus.eventually { ProcessCensus.descriptors <= descriptorsBefore + Self.parallelNoise })
            #expect(ProcessCensus.eventually { server.threadCount <= threadsBefore })
            #expect(try Self.freshStatus(port) == 200)
        }
    }

    @Test(.enabled(if: DescriptorBudget.allows(HTTPServerFloodTests.descriptorsNeeded), "needs RLIMIT_NOFILE ≥ 9024"))
    func floodPastTheLimitIsRefusedWith503AndRecovers() throws {
        let limit = 1500
        try withServer(Self.configuration(maxConnections: limit)) { server in
            let port = server.port
            #expect(try Self.freshStatus(port) == 200)
            #expect(ProcessCensus.eventually { ProcessCensus.sockets(port: port) == (1, 0) })
            let (descriptorsBefore, threadsBefore) = (ProcessCensus.descriptors, server.threadCount)

            let flood = try ConnectionFlood(count: Self.floodSize, port: port)
            defer { flood.close() }
            let answers = flood.collectAnswers(expected: Self.floodSize - limit)
            #expect(answers.count == Self.floodSize - limit)
            #expect(answers.allSatisfy { $0 == 503 }, "\(Set(answers))")
            // The server is up and still answers, with 503 while the admitted connections stay open.
            #expect(try Self.freshStatus(port) == 503)

            flood.close()
            #expect(ProcessCensus.eventually { ProcessCensus.sockets(port: port) == (1, 0) })
            #expect(ProcessCensus.eventually { ProcessCensus.descriptors <= descriptorsBefore + Self.parallelNoise })
            #expect(ProcessCensus.eventually { server.threadCount <= threadsBefore })
            #expect(try Self.freshStatus(port) == 200)
        }
    }

    /// Slowloris: many connections each sending one header byte every 100 ms. A fresh client is served
    /// meanwhile, and each slow connection gets its 408 once the head timeout (counted from its first byte,
    /// not renewed by every byte) has passed.
    @Test func slowlorisDoesNotStarveAFreshClient() throws {
        let slowCount = 200
        let configuration = HTTPServerConfiguration(port: 0, headTimeout: .milliseconds(1500))
        try withServer(configuration) { server in
            let port = server.port
            let threadsBefore = server.threadCount
            let flood = try ConnectionFlood(count: slowCount, port: port)
            defer { flood.close() }
            let dribbler = Dribbler(
                flood.sockets, wire: "GET / HTTP/1.1\r\nHost: a\r\nX-Slow: " + String(repeating: "a", count: 100))
            defer { dribbler.stop() }
            #expect(dribbler.waitForRounds(3), "the slow connections are under way")

            for _ in 0..<5 { #expect(try Self.freshStatus(port) == 200) }
            #expect(dribbler.isRunning, "the fresh clients were served while the slow ones dribbled")
            #expect(server.threadCount <= threadsBefore + Self.addedWorkers, "no thread per slow connection")

            let answers = flood.collectAnswers(expected: slowCount)
            #expect(answers.count == slowCount)
            #expect(answers.allSatisfy { $0 == 408 }, "\(Set(answers))")
            dribbler.stop()
            flood.close()
            #expect(ProcessCensus.eventually { ProcessCensus.sockets(port: port) == (1, 0) })
            #expect(try Self.freshStatus(port) == 200)
        }
    }

    /// Clients that pipeline requests for big answers and never read hold their workers in a write, as a slow
    /// handler would: the timer counts them as blocked and starts others, so a fresh client is answered long before
    /// the write timeout frees them (before, a stalled write did not count as blocked: no worker was started, and the
    /// fresh connection went unread until its head timeout closed it).
    @Test func clientsThatNeverReadDoNotStarveAFreshClient() throws {
        let big = Data(repeating: 0x62, count: 1024 * 1024)
        let handler = ClosureHTTPHandler { request in
            HTTPResponse(status: 200, body: request.path == "/big" ? big : Data("small".utf8))
        }
        let configuration = HTTPServerConfiguration(port: 0, writeTimeout: .seconds(120))
        try withServer(configuration, handler: handler) { server in
            let port = server.port
            // More stubborn clients than the server starts workers with (one per core, 2 to 8).
            let stubborn = try (0..<9).map { _ in try RawClient(port: port) }
            for client in stubborn {
                try client.send(String(repeating: "GET /big HTTP/1.1\r\nHost: a\r\n\r\n", count: 64))
            }
            let fresh = try RawClient(port: port, timeout: 30_000)
            try fresh.send("GET /fresh HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(try fresh.readResponse().status == 200)
            _ = stubborn  // held open until here
        }
    }

    /// The same with error answers: clients that never read, sent a request the server refuses with an answer
    /// bigger than the sockets hold, keep their workers writing it. Those count as busy too, so others are started
    /// (before, only a handler's write counted: the refusals held every worker, unseen, for the write timeout).
    @Test func clientsThatNeverReadTheirRefusalDoNotStarveAFreshClient() throws {
        let configuration = HTTPServerConfiguration(port: 0, writeTimeout: .seconds(120))
        try withServer(configuration, handler: BigRefusals()) { server in
            let port = server.port
            // More stubborn clients than the server starts workers with (one per core, 2 to 8), one at a time: each
            // once its refusal has begun to arrive, so that its worker is writing (a batch would otherwise hand
            // them all to one worker). Before, the one after the last free worker never saw a byte.
            let stubborn = try (0..<9).map { _ in
                let client = try RawClient(port: port)
                try client.send("BAD\r\n\r\n")
                try #require(try SystemCall.wait(fd: client.socket.fd, for: Int16(POLLIN), timeout: 30_000))
                return client
            }
            let fresh = try RawClient(port: port, timeout: 30_000)
            try fresh.send("GET /fresh HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(try fresh.readResponse().status == 200)
            _ = stubborn  // held open until here
        }
    }

    /// A client that pipelines requests for big answers and never reads them is dropped once one answer has
    /// waited past the write timeout, and its worker goes back to serving others.
    @Test func clientThatNeverReadsIsDroppedAfterTheWriteTimeout() throws {
        let log = LogRecorder()
        let big = Data(repeating: 0x62, count: 1024 * 1024)
        let handler = ClosureHTTPHandler { request in
            HTTPResponse(status: 200, body: request.path == "/big" ? big : Data("small".utf8))
        }
        let configuration = HTTPServerConfiguration(port: 0, writeTimeout: .milliseconds(300), log: log.sink)
        try withServer(configuration, handler: handler) { server in
            let port = server.port
            let threadsBefore = server.threadCount
            let stubborn = try RawClient(port: port)
            // 64 MiB of answers: far more than both sockets' buffers hold.
            try stubborn.send(String(repeating: "GET /big HTTP/1.1\r\nHost: a\r\n\r\n", count: 64))

            // The server gives up on the stalled answer (the log line is written before the close) and hangs up
            // (its side of the connection is gone) while the client still holds its own.
            #expect(ProcessCensus.eventually { log.all.contains { $0.contains("write timed out") } })
            #expect(
                ProcessCensus.eventually { ProcessCensus.sockets(port: port) == (1, 1) },
                "\(ProcessCensus.sockets(port: port))")
            #expect(try Self.freshStatus(port) == 200)
            #expect(ProcessCensus.eventually { server.threadCount <= threadsBefore })
            _ = stubborn  // held open until here
        }
    }
}

/// Refuses malformed requests with 6 MiB of explanation: more than a client's and the server's socket buffers hold.
private struct BigRefusals: HTTPHandler {
    static let explanation = Data(repeating: 0x65, count: 6 * 1024 * 1024)

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: 200, body: Data("fresh".utf8))
    }

    func rejection(status: Int, reason: String, remoteAddress: String) -> HTTPResponse {
        HTTPResponse(status: status, body: Self.explanation)
    }
}

/// Sends one byte of `wire` to every socket every 100 ms on its own thread, until stopped or the wire runs out.
private final class Dribbler: Sendable {
    private let rounds = Atomic<Int>(0)
    private let running = Atomic<Bool>(true)
    private let joined = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(_ sockets: [Socket], wire: String) {
        let bytes = Array(wire.utf8)
        Thread.detachNewThread { [self] in
            defer {
                running.store(false, ordering: .sequentiallyConsistent)
                done.signal()
            }
            for byte in bytes {
                guard running.load(ordering: .sequentiallyConsistent) else { return }
                // A connection the server already closed just fails its send (no SIGPIPE).
                for socket in sockets { _ = [byte].withUnsafeBytes { try? socket.send($0) } }
                rounds.add(1, ordering: .sequentiallyConsistent)
                usleep(100_000)
            }
        }
    }

    var isRunning: Bool { running.load(ordering: .sequentiallyConsistent) }

    /// Waits (at most 10 s) until `count` rounds have been sent.
    func waitForRounds(_ count: Int) -> Bool {
        ProcessCensus.eventually(within: 10) { rounds.load(ordering: .sequentiallyConsistent) >= count }
    }

    /// Stops sending and waits (bounded) for the thread to end.
    func stop() {
        running.store(false, ordering: .sequentiallyConsistent)
        guard !joined.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = done.wait(timeout: .now() + 5)
    }
}
