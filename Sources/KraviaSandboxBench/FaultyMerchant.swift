@preconcurrency import Glibc
import Foundation
import SandboxHTTP

/// A merchant callback endpoint that misbehaves, on a raw loopback socket (an `HTTPServer` would behave).
final class FaultyMerchant: @unchecked Sendable {
    enum Fault: String, CaseIterable {
        /// Accepts the connection, reads the request, never answers.
        case hang
        /// Answers 200 one byte every 50 ms.
        case slow
        /// Resets the connection (RST) once the request arrived.
        case reset
        /// Answers `302 Found` (not followed; ends the delivery).
        case redirect
    }

    let fault: Fault
    private let listener: Int32
    let port: Int
    // Guards `held`, `stopped` and `accepted`: the accept thread, the connection threads and the bench share them.
    private let lock = NSLock()
    private var held: [Int32] = []
    private var stopped = false
    private var accepted = 0

    init(_ fault: Fault) throws {
        self.fault = fault
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(listener, pointer, length) == 0 && listen(listener, 1024) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw SocketFailure() }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts accepting; the merchant is reachable at `callbackURL` from now on.
    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    struct SocketFailure: Error {}

    var callbackURL: String { "http://127.0.0.1:\(port)/callback" }

    /// Connections accepted so far (read under the lock: the accept thread is still counting).
    var connections: Int { lock.withLock { accepted } }

    /// Closes the listener and every held connection.
    func stop() {
        lock.lock()
        stopped = true
        let open = held
        held = []
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in open { close(fd) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            lock.withLock { accepted += 1 }
            let thread = Thread { [self] in serve(fd) }
            thread.stackSize = 128 * 1024
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        switch fault {
        case .hang:
            // Held open until stop(): the sandbox's attempt runs into its own timeout.
            // A connection that arrives after stop() has taken the held ones is closed here, not leaked.
            let keep = lock.withLock {
                if !stopped { held.append(fd) }
                return !stopped
            }
            if !keep { close(fd) }
        case .slow:
            for byte in Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8) {
                var value = byte
                if Glibc.send(fd, &value, 1, Int32(MSG_NOSIGNAL)) != 1 { break }
                usleep(50_000)
            }
            close(fd)
        case .reset:
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            close(fd)
        case .redirect:
            let answer = Array(
                "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .utf8)
            _ = answer.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(fd)
        }
    }
}
