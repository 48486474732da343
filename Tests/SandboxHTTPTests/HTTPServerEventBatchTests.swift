import Dispatch
import Foundation
import Testing
@testable import SandboxHTTP
import SandboxTestSupport

/// A worker takes a batch of events per wait (`EventBatch`). One stuck in a slow handler must not hold back the
/// connections further down its batch: the timer hands them to the other workers.
@Suite struct HTTPServerEventBatchTests {
    /// Two workers and no more (`maxThreads`). Both are held in handlers while thirteen clients connect and send;
    /// the first worker freed accepts them all and takes their requests in one batch, the first of which holds it
    /// again. The second worker, freed next, hears of the other twelve only through the timer's hand-over.
    @Test func aWorkerHeldByAHandlerDoesNotHoldBackTheRestOfItsBatch() throws {
        let gates = Gates(count: 3)
        let handler = ClosureHTTPHandler { request in
            if let gate = Gates.number(in: request.path) { gates.hold(gate) }
            return HTTPResponse(status: 200, body: Data("ok".utf8))
        }
        try withServer(HTTPServerConfiguration(port: 0, maxThreads: 2), handler: handler) { server in
            let port = server.port
            let held = try (0..<2).map { gate in
                let client = try RawClient(port: port)
                try client.send("GET /hold/\(gate) HTTP/1.1\r\nHost: a\r\n\r\n")
                gates.waitUntilHeld(gate)
                return client
            }
            // Connected and sent while no worker waits: accepted together, their requests reported in one batch,
            // the holding one first.
            let holder = try RawClient(port: port)
            try holder.send("GET /hold/2 HTTP/1.1\r\nHost: a\r\n\r\n")
            let others = try (0..<12).map { _ in try RawClient(port: port, timeout: 10_000) }
            for client in others { try client.send("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n") }

            gates.open(0)
            gates.waitUntilHeld(2)
            #expect(try held[0].readResponse().status == 200)
            gates.open(1)
            for client in others { #expect(try client.readResponse().status == 200) }
            gates.open(2)
            #expect(try held[1].readResponse().status == 200)
            #expect(try holder.readResponse().status == 200)
        }
    }
}

/// Handlers held at numbered gates (`/hold/N`), each telling the test when it arrived.
private final class Gates: Sendable {
    private let arrived: [DispatchSemaphore]
    private let opened: [DispatchSemaphore]

    init(count: Int) {
        arrived = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        opened = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    }

    static func number(in path: String) -> Int? {
        path.hasPrefix("/hold/") ? Int(path.dropFirst("/hold/".count)) : nil
    }

    /// Called by the handler: note the arrival, then wait for the gate (at most 30 s, so a failing test ends).
    func hold(_ gate: Int) {
        arrived[gate].signal()
        _ = opened[gate].wait(timeout: .now() + 30)
    }

    func waitUntilHeld(_ gate: Int) {
        #expect(arrived[gate].wait(timeout: .now() + 30) == .success, "gate \(gate) reached")
    }

    func open(_ gate: Int) {
        opened[gate].signal()
    }
}
