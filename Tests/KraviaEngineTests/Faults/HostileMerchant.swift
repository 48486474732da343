@preconcurrency import Glibc
import Foundation
import SandboxHTTP
import Synchronization

/// A merchant's callback endpoint that misbehaves on purpose, on raw sockets, one connection at a time: it
/// reads each request head, then keeps silent, dribbles its answer, resets the connection or answers whole.
///
/// It records how each connection ended, which tells a test whether the sandbox let go (hung up) or was still
/// there. Every wait is bounded, so a broken sandbox fails a test instead of hanging it.
final class HostileMerchant: Sendable {
    enum Behaviour: Sendable {
        /// Reads the request and never answers, until the sandbox hangs up or `release()` (then 200).
        case silent
        /// Sends `answer` one byte every `milliseconds`, then closes; stops early if the sandbox hangs up.
        case dribble(String, milliseconds: Int)
        /// Reads the request, then closes with `SO_LINGER` 0: a reset instead of an answer.
        case reset
        /// Sends `answer` at once and closes; `{origin}` becomes `http://127.0.0.1:<port>`.
        case answer(String)
    }

    /// How one connection ended.
    enum Outcome: Equatable, Sendable {
        /// The sandbox closed (or reset) its side before the merchant was done.
        case sandboxHungUp
        /// The merchant sent everything it meant to and closed.
        case answered
        /// The merchant reset the connection.
        case reset
    }

    let port: Int
    private let listener: Socket
    private let behaviour: Behaviour
    private let outcomes = Mutex<[Outcome]>([])
    private let heads = Mutex<[String]>([])
    private let released = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let arrived = DispatchSemaphore(value: 0)
    private let finishedOne = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    /// No connection is held longer than this, whatever happens.
    private static let longestHoldMilliseconds: Int64 = 30_000

    init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let address = SocketAddress(numericHost: "127.0.0.1", port: 0)!
        listener = try Socket.tcp(family: address.family)
        try listener.bind(to: address)
        try listener.listen(backlog: 16)
        port = try listener.localAddress().port
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// `http://127.0.0.1:<port><pathAndQuery>`.
    func url(_ pathAndQuery: String = "/cb") -> String { "http://127.0.0.1:\(port)\(pathAndQuery)" }

    /// The request heads received, in order.
    var requests: [String] { heads.withLock { $0 } }

    /// How each finished connection ended, in order.
    var ended: [Outcome] { outcomes.withLock { $0 } }

    /// Waits (at most 10 s) for the next request to arrive.
    func waitForRequest() -> Bool { arrived.wait(timeout: .now() + 10) == .success }

    /// Waits (at most 40 s) for the next connection to end, and says how it ended.
    func waitForEnd() -> Outcome? {
        guard finishedOne.wait(timeout: .now() + 40) == .success else { return nil }
        return outcomes.withLock { $0.last }
    }

    /// Lets a silent merchant answer 200 to what it holds, and to later requests.
    func release() { released.store(true, ordering: .sequentiallyConsistent) }

    /// Stops accepting and lets a held connection go; waits (bounded) for the merchant's thread to end.
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        _ = exited.wait(timeout: .now() + 40)
        listener.close()
    }

    private func serve() {
        defer { exited.signal() }
        while !stopped.load(ordering: .sequentiallyConsistent) {
            guard (try? SystemCall.wait(fd: listener.fd, for: Int16(POLLIN), timeout: 50)) == true,
                let (socket, _) = (try? listener.accept()) ?? nil
            else { continue }
            let head = Self.readHead(socket)
            heads.withLock { $0.append(head) }
            arrived.signal()
            let outcome = act(on: socket)
            outcomes.withLock { $0.append(outcome) }
            finishedOne.signal()
        }
    }

    private func act(on socket: Socket) -> Outcome {
        switch behaviour {
        case .silent:
            let deadline = SystemCall.monotonicMilliseconds() + Self.longestHoldMilliseconds
            while SystemCall.monotonicMilliseconds() < deadline, !stopped.load(ordering: .sequentiallyConsistent) {
                if released.load(ordering: .sequentiallyConsistent) {
                    return send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", to: socket)
                }
                if Self.peerHungUp(socket, waiting: 20) {
                    socket.close()
                    return .sandboxHungUp
                }
            }
            socket.close()
            return .answered
        case .dribble(let answer, let milliseconds):
            for byte in Array(answer.utf8) {
                let sent = [byte].withUnsafeBytes { (try? socket.send($0)) ?? nil }
                if sent != 1 || Self.peerHungUp(socket, waiting: milliseconds) {
                    socket.close()
                    return .sandboxHungUp
                }
            }
            socket.close()
            return .answered
        case .reset:
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(socket.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            socket.close()
            return .reset
        case .answer(let answer):
            return send(answer.replacingOccurrences(of: "{origin}", with: "http://127.0.0.1:\(port)"), to: socket)
        }
    }

    private func send(_ answer: String, to socket: Socket) -> Outcome {
        defer { socket.close() }
        do {
            try socket.sendAll(Array(answer.utf8), deadline: SystemCall.monotonicMilliseconds() + 5000)
            return .answered
        } catch {
            return .sandboxHungUp
        }
    }

    /// Whether the other side closed or reset the connection, waiting up to `milliseconds` to find out.
    private static func peerHungUp(_ socket: Socket, waiting milliseconds: Int) -> Bool {
        guard (try? SystemCall.wait(fd: socket.fd, for: Int16(POLLIN), timeout: Int64(milliseconds))) == true else {
            return false
        }
        // Whatever else arrives (a POST body) is read and dropped; end of stream or an error means gone.
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = recv(socket.fd, &chunk, chunk.count, 0)
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR)
    }

    /// Reads up to the end of the request head (a callback is a GET, or a POST whose body is ignored).
    private static func readHead(_ socket: Socket) -> String {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let deadline = SystemCall.monotonicMilliseconds() + 5000
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n"),
            SystemCall.monotonicMilliseconds() < deadline
        {
            _ = try? SystemCall.wait(fd: socket.fd, for: Int16(POLLIN), timeout: 100)
            let count = chunk.withUnsafeMutableBytes { (try? socket.receive(into: $0)) ?? nil } ?? -1
            if count == 0 { break }
            if count > 0 { received += chunk[..<count] }
        }
        return String(decoding: received, as: UTF8.self)
    }
}
