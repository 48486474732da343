import Foundation
import SandboxHTTP

/// A merchant's callback endpoint that fails each delivery's first attempt (500) and accepts the next (200),
/// counting what it accepted, so a test can wait until every delivery it expects got through.
final class FlakyMerchant: HTTPHandler, @unchecked Sendable {
    private let condition = NSCondition()
    private var refused: Set<String> = []
    private var accepted: Set<String> = []
    private var server: HTTPServer?

    /// Starts listening on a free port.
    func start() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), handler: self)
        try server.start()
        self.server = server
    }

    func stop() {
        server?.stop()
        server?.waitUntilStopped()
    }

    var url: String { "http://127.0.0.1:\(server?.port ?? 0)/callback" }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let delivery = request.headers["event-delivery"] ?? ""
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        if refused.insert(delivery).inserted { return HTTPResponse(status: 500) }
        accepted.insert(delivery)
        return HTTPResponse(status: 200)
    }

    /// The deliveries answered 500 at least once.
    var refusedDeliveries: Set<String> {
        condition.lock()
        defer { condition.unlock() }
        return refused
    }

    /// Waits until every one of `deliveries` was accepted, or `timeout` passed; returns those still missing.
    func waitUntilAccepted(_ deliveries: Set<String>, timeout: TimeInterval) -> Set<String> {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !deliveries.isSubset(of: accepted), condition.wait(until: deadline) {}
        return deliveries.subtracting(accepted)
    }
}
