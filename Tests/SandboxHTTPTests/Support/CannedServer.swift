@preconcurrency import Glibc
import Foundation
@testable import SandboxHTTP

/// A listener on a free loopback port that answers each connection with a scripted behaviour, for
/// client tests that need responses our server would never send.
final class CannedServer: Sendable {
    let listener: Socket
    let port: Int
    private let done = DispatchSemaphore(value: 0)
    private let accepting: Bool

    /// - Parameter script: runs on a background thread with each accepted socket (after the request
    ///   head has been read); it owns the socket and closes it.
    init(accepting: Bool = true, _ script: @escaping @Sendable (Socket) -> Void) throws {
        let address = SocketAddress(numericHost: "127.0.0.1", port: 0)!
        listener = try Socket.tcp(family: address.family)
        try listener.bind(to: address)
        try listener.listen(backlog: accepting ? 16 : 0)
        port = try listener.localAddress().port
        self.accepting = accepting
        guard accepting else { return }
        let listener = self.listener
        let done = self.done
        Thread.detachNewThread {
            defer { done.signal() }
            while let ready = try? SystemCall.wait(fd: listener.fd, for: Int16(POLLIN), timeout: 10_000), ready {
                guard let (socket, _) = (try? listener.accept()) ?? nil else { return }
                CannedServer.readHead(socket)
                script(socket)
            }
        }
    }

    /// Canned response bytes, then close.
    convenience init(response: String) throws {
        try self.init { socket in
            try? socket.sendAll(Array(response.utf8), deadline: SystemCall.monotonicMilliseconds() + 5000)
            socket.close()
        }
    }

    private static func readHead(_ socket: Socket) {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let deadline = SystemCall.monotonicMilliseconds() + 5000
        while !received.ends(with: "\r\n\r\n"), SystemCall.monotonicMilliseconds() < deadline {
            _ = try? SystemCall.wait(fd: socket.fd, for: Int16(POLLIN), timeout: 100)
            let count = chunk.withUnsafeMutableBytes { (try? socket.receive(into: $0)) ?? nil } ?? -1
            if count == 0 { return }
            if count > 0 { received += chunk[..<count] }
        }
    }

    /// Stops accepting (wakes the accept wait) and closes the listener.
    func close() {
        listener.shutdown(Int32(SHUT_RDWR))
        if accepting { _ = done.wait(timeout: .now() + 11) }
        listener.close()
    }
}

extension Array where Element == UInt8 {
    func ends(with text: String) -> Bool {
        let suffix = Array(text.utf8)
        return count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
