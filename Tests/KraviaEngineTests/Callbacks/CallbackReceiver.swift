import Foundation
import KraviaEngine
import SandboxHTTP
import Synchronization

/// A merchant's callback endpoint on a real port: records every request and answers with scripted statuses.
///
/// Each answer is taken from `statuses` in turn (200 once they run out); a 3xx carries a `Location` to
/// `/redirected`, so a client that followed it would show up in `requests`. While `isHolding`, requests wait
/// unanswered until `release()`, like a merchant server that never responds.
final class CallbackReceiver: HTTPHandler, Sendable {
    private let requests = Mutex<[HTTPRequest]>([])
    private let statuses: Mutex<[Int]>
    private let holding: Mutex<Bool>
    private let released = DispatchSemaphore(value: 0)
    private let arrived = DispatchSemaphore(value: 0)
    private let server: HTTPServer

    init(statuses: [Int] = [], holding: Bool = false) throws {
        self.statuses = Mutex(statuses)
        self.holding = Mutex(holding)
        let forwarder = Forwarder()
        server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), handler: forwarder)
        forwarder.target.withLock { $0.receiver = self }
        try server.start()
    }

    /// `http://127.0.0.1:<port><pathAndQuery>`.
    func url(_ pathAndQuery: String = "/cb") -> String {
        "http://127.0.0.1:\(server.port)\(pathAndQuery)"
    }

    /// The requests received so far, in arrival order.
    var received: [HTTPRequest] { requests.withLock { $0 } }

    /// Waits (at most a generous 10 s, so a broken build fails rather than hangs) for the next request to arrive.
    func waitForArrival() -> Bool {
        arrived.wait(timeout: .now() + 10) == .success
    }

    /// Lets held requests (and any later ones) be answered.
    func release() {
        let wasHolding = holding.withLock { value in
            defer { value = false }
            return value
        }
        if wasHolding { for _ in 0..<64 { released.signal() } }
    }

    /// Answers held requests and stops the server.
    func stop() {
        release()
        server.stop()
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        requests.withLock { $0.append(request) }
        arrived.signal()
        if holding.withLock({ $0 }) { released.wait() }
        let status = statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "X-Merchant": "yes"]
        if (300...399).contains(status) { headers["Location"] = url("/redirected") }
        return HTTPResponse(status: status, headers: headers, body: Data("answer \(status)".utf8))
    }
}

/// The server needs its handler before the receiver exists; this hands requests on once it does.
private final class Forwarder: HTTPHandler, Sendable {
    // Weak, so the receiver and its server do not keep each other alive.
    let target = Mutex<WeakReceiver>(WeakReceiver())

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let receiver = target.withLock({ $0.receiver }) else {
            return HTTPResponse(status: 503, headers: [:], body: Data())
        }
        return receiver.handle(request)
    }
}

struct WeakReceiver: @unchecked Sendable {
    weak var receiver: CallbackReceiver?
}

/// Runs `body` with a started receiver and stops it on every path.
func withCallbackReceiver<T>(
    statuses: [Int] = [], holding: Bool = false, _ body: (CallbackReceiver) throws -> T
) throws -> T {
    let receiver = try CallbackReceiver(statuses: statuses, holding: holding)
    defer { receiver.stop() }
    return try body(receiver)
}
