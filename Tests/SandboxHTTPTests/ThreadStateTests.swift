@preconcurrency import Glibc
import Dispatch
import Foundation
import Synchronization
import Testing

@testable import SandboxHTTP
import SandboxTestSupport

/// The kernel's word on a thread: runnable while it computes, not while it waits (the timer starts workers only for
/// handlers that wait).
struct ThreadStateTests {
    @Test func aComputingThreadIsRunnableAndAWaitingOneIsNot() throws {
        let id = try #require(ThreadState.currentThreadId())
        #expect(ThreadState.isRunnable(id) == true)  // this thread, reading its own state

        let waiterId = Mutex<Int32?>(nil)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread {
            waiterId.withLock { $0 = ThreadState.currentThreadId() }
            started.signal()
            release.wait()
        }.start()
        started.wait()
        let waiter = try #require(waiterId.withLock { $0 })
        // Once it reaches its wait it stays there until released: look until the kernel says so.
        let deadline = Date(timeIntervalSinceNow: 10)
        while ThreadState.isRunnable(waiter) == true, Date() < deadline { sched_yield() }
        #expect(ThreadState.isRunnable(waiter) == false)
        release.signal()
        #expect(ThreadState.isRunnable(-1) == nil)  // no such thread
    }
}

/// Handlers that compute past the timer's tick get no extra workers (on a busy machine their threads wait for a core,
/// which more threads cannot give them) until they have computed for `computingHandlerMilliseconds`: then the
/// requests behind them get a thread. Handlers that wait are `HTTPServerFloodTests`' and the long polls'.
struct ComputingHandlerTests {
    /// Computes for the milliseconds the path names (`/40`), reading the clock and nothing that sleeps.
    struct Computing: HTTPHandler {
        func handle(_ request: HTTPRequest) -> HTTPResponse {
            let end = SystemCall.monotonicMilliseconds() + (Int64(request.path.dropFirst()) ?? 0)
            var spins = 0
            while SystemCall.monotonicMilliseconds() < end { spins &+= 1 }
            return HTTPResponse(status: 200, body: Data("\(spins > 0)".utf8))
        }
    }

    @Test func handlersComputingBrieflyStartNoWorkers() throws {
        try withServer(handler: Computing()) { server in
            let threadsBefore = server.threadCount
            let clients = try (0..<8).map { _ in try RawClient(port: server.port) }
            for client in clients { try client.send("GET /40 HTTP/1.1\r\nHost: a\r\n\r\n") }
            for client in clients { #expect(try client.readResponse().status == 200) }
            #expect(server.threadCount <= threadsBefore, "\(server.threadCount) threads, \(threadsBefore) before")
        }
    }

    @Test func aRequestBehindHandlersComputingForLongIsAnsweredFirst() throws {
        try withServer(handler: Computing()) { server in
            // As many long handlers as there are workers, so none is left for the short request but a new one.
            let long = try (0..<server.threadCount - 1).map { _ in try RawClient(port: server.port) }
            for client in long { try client.send("GET /3000 HTTP/1.1\r\nHost: a\r\n\r\n") }
            let short = try RawClient(port: server.port, timeout: 10_000)
            try short.send("GET /0 HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try short.readResponse().status == 200)
            for client in long {
                let answered = try SystemCall.wait(fd: client.socket.fd, for: Int16(POLLIN), timeout: 0)
                #expect(!answered, "the short request was answered while the long ones ran")
            }
            for client in long { #expect(try client.readResponse().status == 200) }
        }
    }
}
