import Foundation
import SandboxHTTP

/// The merchant's callback endpoint: an `HTTPServer` on port 0 that answers 200 and notes, per session,
/// when its first callback arrived (on the monotonic clock, when the handler is called: the request is
/// parsed by then, a few microseconds after its first byte).
final class CallbackReceiver: HTTPHandler, @unchecked Sendable {
    // Guards `arrivals` and `received` (handler threads write them; `count` and `awaitArrival` read them).
    private let condition = NSCondition()
    private var arrivals: [String: Double] = [:]
    private var received = 0
    private var server: HTTPServer?
    /// Whether arrivals are kept per session (flows wait on them) or only counted (soak).
    let keepsArrivals: Bool

    init(keepsArrivals: Bool = true) {
        self.keepsArrivals = keepsArrivals
    }

    /// Starts listening; returns the callback URL to put in sessions.
    func start() throws -> String {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), handler: self)
        try server.start()
        self.server = server
        return "http://127.0.0.1:\(server.port)/callback"
    }

    func stop() {
        server?.stop()
        server?.waitUntilStopped()
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let now = LoadGenerator.now()
        let session = request.queryValue("session_id")
        condition.lock()
        received += 1
        if keepsArrivals, let session, arrivals[session] == nil {
            arrivals[session] = now
            condition.broadcast()
        }
        condition.unlock()
        return HTTPResponse(status: 200)
    }

    /// Waits for the first callback of `session`, and forgets it; nil after `timeout` seconds.
    func awaitArrival(session: String, timeout: Double = 10) -> Double? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while arrivals[session] == nil {
            if !condition.wait(until: deadline) { break }
        }
        return arrivals.removeValue(forKey: session)
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return received
    }
}

/// Wraps the sandbox to note when each `/__sandbox/sessions/{id}/complete` answer is ready (the transaction
/// created and its callback queued), so callback latency is measured from there, not from the client.
final class AnswerTimingHandler: HTTPHandler, @unchecked Sendable {
    let inner: any HTTPHandler
    private let lock = NSLock()
    private var answered: [String: Double] = [:]

    init(_ inner: any HTTPHandler) {
        self.inner = inner
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let response = inner.handle(request)
        let path = request.path
        if path.hasSuffix("/complete"), path.hasPrefix("/__sandbox/sessions/") {
            let now = LoadGenerator.now()
            let session = String(path.dropFirst("/__sandbox/sessions/".count).dropLast("/complete".count))
            lock.withLock { answered[session] = now }
        }
        return response
    }

    /// When the complete call of `session` had its answer ready, and forgets it.
    func answerTime(session: String) -> Double? {
        lock.withLock { answered.removeValue(forKey: session) }
    }
}
