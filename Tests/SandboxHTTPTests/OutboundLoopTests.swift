@preconcurrency import Glibc
import Foundation
import SandboxTestSupport
import Synchronization
import Testing
@testable import SandboxHTTP

/// The epoll-driven client: the blocking client's answers and errors, for many requests at once on one thread.
@Suite struct OutboundLoopTests {
    let loop = OutboundLoop(
        configuration: HTTPClientConfiguration(connectTimeoutMilliseconds: 1000, readTimeoutMilliseconds: 300),
        linger: .milliseconds(50))

    @Test func getsAndPostsThroughOurServer() throws {
        try withServer { server in
            let got = try loop.sendAndWait(OutboundRequest(url: "http://127.0.0.1:\(server.port)/hi?x=1"))
            #expect(got.status == 200)
            #expect(String(decoding: got.body, as: UTF8.self) == "GET /hi?x=1 0\n")
            let posted = try loop.sendAndWait(
                OutboundRequest(method: "POST", url: "http://localhost:\(server.port)/cb", body: Data("{}".utf8)))
            #expect(String(decoding: posted.body, as: UTF8.self) == "POST /cb 2\n{}")
        }
    }

    @Test(arguments: ResponseWires.framings)
    func readsEveryBodyFraming(_ wire: String, _ body: String, _ truncated: Bool) throws {
        let canned = try CannedServer(response: wire)
        defer { canned.close() }
        let capped = OutboundLoop(
            configuration: HTTPClientConfiguration(readTimeoutMilliseconds: 2000, maxBodySize: 10))
        let response = try capped.sendAndWait(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        #expect(String(decoding: response.body, as: UTF8.self) == body)
        #expect(response.bodyTruncated == truncated)
    }

    @Test(arguments: ResponseWires.broken)
    func brokenResponsesAreReported(_ wire: String, _ expected: OutboundError) throws {
        let canned = try CannedServer(response: wire)
        defer { canned.close() }
        #expect(throws: expected) { try loop.sendAndWait(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/")) }
    }

    /// One byte at a time: the parser resumes where it stopped, and the answer is whole.
    @Test func anAnswerDribbledByteByByteArrivesWhole() throws {
        let answer = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".utf8)
        let canned = try CannedServer { socket in
            for byte in answer {
                try? socket.sendAll([byte], deadline: SystemCall.monotonicMilliseconds() + 1000)
                _ = try? SystemCall.wait(fd: socket.fd, for: Int16(POLLOUT), timeout: 100)
            }
            socket.close()
        }
        defer { canned.close() }
        let patient = OutboundLoop(configuration: HTTPClientConfiguration(readTimeoutMilliseconds: 5000))
        let response = try patient.sendAndWait(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
    }

    /// A merchant answering with interim responses without end (each small, so no head limit stopped them) is
    /// refused after the 32nd, and the loop's one thread goes on serving another merchant meanwhile. Before, the
    /// stream's bytes were all kept and the loop read them for as long as they came: every callback waited.
    @Test func aMerchantStreamingInterimResponsesIsCutOffWithoutHoldingTheLoop() throws {
        let streaming = try CannedServer { socket in
            let interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
            while (try? socket.sendAll(interim, deadline: SystemCall.monotonicMilliseconds() + 5000)) != nil {}
            socket.close()
        }
        defer { streaming.close() }
        let canned = try CannedServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        defer { canned.close() }
        let patient = OutboundLoop(configuration: HTTPClientConfiguration(readTimeoutMilliseconds: 30_000))
        let refused = Mutex<Result<OutboundResponse, OutboundError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        patient.send(OutboundRequest(url: "http://127.0.0.1:\(streaming.port)/")) { result in
            refused.withLock { $0 = result }
            done.signal()
        }
        let answered = try patient.sendAndWait(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        #expect(answered.status == 200)
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(throws: OutboundError.malformedResponse("more than 32 interim (1xx) responses")) {
            try refused.withLock { $0 }?.get()
        }
    }

    @Test func refusedUnknownAndInvalidAreReported() throws {
        let address = SocketAddress(numericHost: "127.0.0.1", port: 0)!
        let probe = try Socket.tcp(family: address.family)
        try probe.bind(to: address)
        let port = try probe.localAddress().port
        probe.close()
        #expect(throws: OutboundError.connectionRefused("127.0.0.1:\(port)")) {
            try loop.sendAndWait(OutboundRequest(url: "http://127.0.0.1:\(port)/"))
        }
        #expect(throws: OutboundError.unsupportedScheme("https")) {
            try loop.sendAndWait(OutboundRequest(url: "https://example.com/"))
        }
        #expect {
            try loop.sendAndWait(OutboundRequest(url: "http://no-such-host.invalid/"))
        } throws: { error in
            guard case .dnsFailure(let host, _) = error as? OutboundError else { return false }
            return host == "no-such-host.invalid"
        }
    }

    @Test func aListenerThatNeverAnswersTimesOut() throws {
        let merchant = try SilentMerchant()
        defer { merchant.stop() }
        #expect(throws: OutboundError.readTimeout(milliseconds: 300)) {
            try loop.sendAndWait(OutboundRequest(url: merchant.url))
        }
    }

    @Test func aFullBacklogTimesOutTheConnect() throws {
        let canned = try CannedServer(accepting: false) { _ in }
        let address = SocketAddress(numericHost: "127.0.0.1", port: canned.port)!
        var fillers: [Socket] = []
        defer {
            fillers.forEach { $0.close() }
            canned.close()
        }
        for _ in 0..<4 {
            let socket = try Socket.tcp(family: address.family)
            fillers.append(socket)
            try? socket.connect(to: address, timeout: 100)
        }
        let quick = OutboundLoop(configuration: HTTPClientConfiguration(connectTimeoutMilliseconds: 200))
        #expect(throws: OutboundError.connectTimeout(milliseconds: 200)) {
            try quick.sendAndWait(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        }
    }

    /// Five hundred requests held by a merchant that never answers are in flight together on the loop's one
    /// thread; each completes exactly once when the merchant hangs up, and then the thread ends.
    @Test func manyRequestsInFlightAtOnceEachCompleteOnce() throws {
        let count = 500
        let merchant = try SilentMerchant()
        defer { merchant.stop() }
        let patient = OutboundLoop(
            configuration: HTTPClientConfiguration(readTimeoutMilliseconds: 60_000), linger: .milliseconds(50))
        let outcomes = Mutex<[Int: Int]>([:])
        let completed = DispatchSemaphore(value: 0)
        for index in 0..<count {
            patient.send(OutboundRequest(url: merchant.url + "?n=\(index)")) { outcome in
                #expect(throws: OutboundError.connectionReset) { try outcome.get() }
                outcomes.withLock { $0[index, default: 0] += 1 }
                completed.signal()
            }
        }
        #expect(merchant.waitForConnections(count, timeout: .seconds(20)))
        #expect(patient.inFlight == count)
        #expect(patient.isRunning)
        merchant.hangUp()
        for _ in 0..<count { #expect(completed.wait(timeout: .now() + 20) == .success) }
        #expect(outcomes.withLock { $0.count == count && $0.values.allSatisfy { $0 == 1 } })
        #expect(patient.inFlight == 0)
        #expect(eventually(patience: .seconds(10)) { !patient.isRunning }, "the idle loop's thread ends")
    }
}

extension OutboundLoop {
    /// Sends and waits (bounded) for the completion, for tests that read like the blocking client's.
    func sendAndWait(_ request: OutboundRequest) throws(OutboundError) -> OutboundResponse {
        let outcome = Mutex<Result<OutboundResponse, OutboundError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        send(request) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + 30) == .success, let result = outcome.withLock({ $0 }) else {
            throw .malformedResponse("no completion within 30 s")
        }
        return try result.get()
    }
}
