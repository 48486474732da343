@preconcurrency import Glibc
import Foundation
import SandboxHTTP

/// A merchant that accepts every connection and never answers: each socket is held open, unread, until
/// `hangUp()` or `stop()`. Its accept thread waits on `poll`; `stop()` wakes it by shutting the listener down.
package final class SilentMerchant: @unchecked Sendable {
    package let port: Int
    private let listener: Socket
    private let condition = NSCondition()
    private var held: [Socket] = []
    private var accepted = 0
    private var stopping = false
    private var finished = false

    /// Listens on a free loopback port with room in its backlog for `backlog` handshakes at once.
    package init(backlog: Int32 = 4096) throws {
        let address = SocketAddress(numericHost: "127.0.0.1", port: 0)!
        listener = try Socket.tcp(family: address.family)
        do {
            try listener.bind(to: address)
            try listener.listen(backlog: backlog)
            port = try listener.localAddress().port
        } catch {
            listener.close()
            throw error
        }
        Thread.detachNewThread { [self] in acceptUntilStopped() }
    }

    /// `http://127.0.0.1:PORT/callback`.
    package var url: String { "http://127.0.0.1:\(port)/callback" }

    /// Connections accepted so far.
    package var acceptedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return accepted
    }

    /// Waits until `count` connections have been accepted in all.
    /// - Returns: false when `timeout` passed first.
    package func waitForConnections(_ count: Int, timeout: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.components.seconds))
        condition.lock()
        defer { condition.unlock() }
        while accepted < count {
            if !condition.wait(until: deadline) { return accepted >= count }
        }
        return true
    }

    /// Closes every connection held so far (the sandbox sees each one end without an answer).
    package func hangUp() {
        condition.lock()
        let sockets = held
        held = []
        condition.unlock()
        for socket in sockets { socket.close() }
    }

    /// Stops accepting, closes the listener and every held connection; later calls do nothing.
    package func stop() {
        condition.lock()
        let already = stopping
        stopping = true
        condition.unlock()
        if already { return }
        listener.shutdown(Int32(SHUT_RDWR))
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
        listener.close()
        hangUp()
    }

    private func acceptUntilStopped() {
        while true {
            condition.lock()
            let stop = stopping
            condition.unlock()
            if stop { break }
            guard (try? SystemCall.wait(fd: listener.fd, for: Int16(POLLIN), timeout: 10_000)) == true else { continue }
            while let (socket, _) = (try? listener.accept()) ?? nil {
                condition.lock()
                held.append(socket)
                accepted += 1
                condition.broadcast()
                condition.unlock()
            }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
