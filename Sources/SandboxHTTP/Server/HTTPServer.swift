import Foundation
import Synchronization

/// An HTTP/1.1 server on dedicated threads: keep-alive, pipelining, chunked bodies, `Expect: 100-continue`,
/// bounded requests and timeouts, calling a synchronous `HTTPHandler` for each request.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 0), handler: ClosureHTTPHandler { _ in
///     HTTPResponse(status: 200, body: Data("ok".utf8))
/// })
/// try server.start()
/// print(server.port)
/// server.stop()
/// ```
public final class HTTPServer: Sendable {
    private enum Lifecycle: Sendable {
        case idle
        case running(ServerRuntime)
        case stopping(ServerRuntime)
        case stopped
    }

    /// The configuration the server was created with.
    public let configuration: HTTPServerConfiguration
    private let handler: any HTTPHandler
    private let lifecycle = Mutex(Lifecycle.idle)
    private let stoppedCondition = NSCondition()

    /// Creates a server; nothing is bound until `start()`.
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds, listens and starts serving; returns once connections are being accepted.
    /// - Throws: `SocketError` when the address cannot be resolved or bound (e.g. the port is taken), or
    ///   when the server was already started.
    public func start() throws {
        let runtime = try lifecycle.withLock { (state) throws -> ServerRuntime in
            guard case .idle = state else {
                throw SocketError(operation: "start", code: 0, message: "the server was already started")
            }
            let runtime = try ServerRuntime(configuration: configuration, handler: handler)
            state = .running(runtime)
            return runtime
        }
        do {
            try runtime.start()
        } catch {
            stop()
            throw error
        }
    }

    /// How many threads of this server's own run now (its timer and workers); 0 before `start()` and after
    /// `stop()`. Tests count them exactly where the whole process's count also holds other tests' threads.
    var threadCount: Int {
        lifecycle.withLock { state in
            switch state {
            case .running(let runtime), .stopping(let runtime): runtime.threads.count
            case .idle, .stopped: 0
            }
        }
    }

    /// The bound port (the system's choice when configured with 0); 0 before `start()` and after `stop()`.
    public var port: Int {
        lifecycle.withLock { state in
            switch state {
            case .running(let runtime), .stopping(let runtime): runtime.port
            case .idle, .stopped: 0
            }
        }
    }

    /// Stops accepting, lets requests in flight finish, closes idle connections and joins the threads.
    ///
    /// Idempotent and callable from any thread, a handler included: from a handler it returns without
    /// waiting for that handler's own thread, and `waitUntilStopped()` covers the rest.
    public func stop() {
        let runtime: ServerRuntime? = lifecycle.withLock { state in
            switch state {
            case .idle:
                state = .stopped
                return nil
            case .running(let runtime):
                state = .stopping(runtime)
                return runtime
            case .stopping(let runtime):
                return runtime
            case .stopped:
                return nil
            }
        }
        guard let runtime else { return markStopped() }
        runtime.beginStop()
        if runtime.isServerThread {
            // A handler cannot wait for its own thread: a helper finishes the job once that thread ends.
            Thread.detachNewThread { [self] in
                runtime.join()
                markStopped()
            }
            runtime.join()
        } else {
            runtime.join()
            markStopped()
        }
    }

    /// Blocks until the server has stopped (returns at once if it never started).
    public func waitUntilStopped() {
        stoppedCondition.lock()
        defer { stoppedCondition.unlock() }
        while true {
            let done = lifecycle.withLock { state in
                if case .running = state { return false }
                if case .stopping = state { return false }
                return true
            }
            if done { return }
            stoppedCondition.wait()
        }
    }

    private func markStopped() {
        stoppedCondition.lock()
        lifecycle.withLock { $0 = .stopped }
        stoppedCondition.broadcast()
        stoppedCondition.unlock()
    }
}
