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

/// Handlers past the timer's tick start workers when they wait, or once they have computed for
/// `computingHandlerMilliseconds`: a handler that computes past the tick is most often one whose thread waits for a core
/// on a busy machine, which more threads cannot give it. Handlers that wait are `HTTPServerFloodTests`' and the long
/// polls'.
struct ComputingHandlerTests {
    @Test func aRunnableHandlerIsBlockedOnlyAfterComputingForLong() {
        let long = ServerRuntime.computingHandlerMilliseconds
        #expect(!ServerRuntime.isBlocked(milliseconds: 40, runnable: true))
        #expect(!ServerRuntime.isBlocked(milliseconds: long - 1, runnable: true))
        #expect(ServerRuntime.isBlocked(milliseconds: long, runnable: true))
        #expect(ServerRuntime.isBlocked(milliseconds: 40, runnable: false))
        #expect(ServerRuntime.isBlocked(milliseconds: 40, runnable: nil), "unknown counts as waiting, as before")
    }

    @Test func aHandlerWaitingForALockIsBlockedOnlyAfterWaitingForLong() {
        let long = ServerRuntime.computingHandlerMilliseconds
        #expect(!ServerRuntime.isBlocked(milliseconds: 40, runnable: false, waitingForLock: true))
        #expect(!ServerRuntime.isBlocked(milliseconds: long - 1, runnable: false, waitingForLock: true))
        #expect(ServerRuntime.isBlocked(milliseconds: long, runnable: false, waitingForLock: true))
    }

    /// A worker waiting for a `Locked` another thread holds is marked as waiting for a lock until it has it; once the
    /// worker resigns, its thread has no context.
    @Test func aWorkerWaitingForALockSaysSo() {
        let lock = Locked(0)
        let worker = WorkerContext(threadId: nil)
        let waiting = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let seen = Atomic<Bool>(false)
        let contextAfterResigning = Atomic<Bool>(true)
        lock.withLock { _ in
            Thread {
                worker.becomeCurrent()
                lock.withLock { value in value += worker.waitingForLock.load(ordering: .relaxed) ? 100 : 1 }
                WorkerContext.resign()
                contextAfterResigning.store(WorkerContext.current != nil, ordering: .relaxed)
                done.signal()
            }.start()
            Thread {
                // Watches for the mark while the lock is held: the first thread waits until it is released.
                let deadline = Date(timeIntervalSinceNow: 10)
                while !worker.waitingForLock.load(ordering: .relaxed), Date() < deadline { sched_yield() }
                seen.store(worker.waitingForLock.load(ordering: .relaxed), ordering: .relaxed)
                waiting.signal()
            }.start()
            waiting.wait()
        }
        done.wait()
        let markedWhileWaiting = seen.load(ordering: .relaxed)
        let markedAfter = worker.waitingForLock.load(ordering: .relaxed)
        #expect(markedWhileWaiting, "marked while it waited")
        #expect(!markedAfter)
        #expect(lock.withLock { $0 } == 1, "the mark was gone once the lock was taken")
        let contextLeft = contextAfterResigning.load(ordering: .relaxed)
        #expect(!contextLeft, "no context once resigned")
    }

    /// Computes for the milliseconds the path names (`/40`), reading the clock and nothing that sleeps.
    struct Computing: HTTPHandler {
        func handle(_ request: HTTPRequest) -> HTTPResponse {
            let end = SystemCall.monotonicMilliseconds() + (Int64(request.path.dropFirst()) ?? 0)
            var spins = 0
            while SystemCall.monotonicMilliseconds() < end { spins &+= 1 }
            return HTTPResponse(status: 200, body: Data("\(spins > 0)".utf8))
        }
    }

    @Test func aRequestBehindHandlersComputingForLongIsAnsweredFirst() throws {
        try withServer(handler: Computing()) { server in
            // As many long handlers as there are workers, so none is left for the short request but a new one.
            let long = try (0..<server.threadCount - 1).map { _ in try RawClient(port: server.port, timeout: 15_000) }
            for client in long { try client.send("GET /5000 HTTP/1.1\r\nHost: a\r\n\r\n") }
            let short = try RawClient(port: server.port, timeout: 15_000)
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
