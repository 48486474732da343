@preconcurrency import Glibc
import Foundation
import SandboxHTTP

/// Many client connections to one loopback port, opened at once without ever blocking the test:
/// non-blocking connects in batches, each batch awaited with `poll`, every wait bounded.
package final class ConnectionFlood {
    /// Every connection, in the order it was opened.
    package private(set) var sockets: [Socket] = []
    private var closed = false

    /// Opens `count` connections to `127.0.0.1:port`, `batch` handshakes in flight at a time (well under the
    /// listen backlog, so no SYN is dropped and retried a second later).
    /// - Throws: `Failure` when a connection fails or the handshakes take longer than `timeout` ms in all.
    package init(count: Int, port: Int, batch: Int = 250, timeout: Int64 = 20_000) throws {
        sockets = try Self.connect(count: count, port: port, batch: batch, timeout: timeout)
    }

    private static func connect(count: Int, port: Int, batch: Int, timeout: Int64) throws -> [Socket] {
        let address = SocketAddress(numericHost: "127.0.0.1", port: port)!
        let deadline = SystemCall.monotonicMilliseconds() + timeout
        var opened: [Socket] = []
        opened.reserveCapacity(count)
        do {
            while opened.count < count {
                var pending: [pollfd] = []
                for _ in 0..<min(batch, count - opened.count) {
                    let socket = try Socket.tcp(family: address.family)
                    opened.append(socket)
                    if let inProgress = try startConnect(socket, to: address) { pending.append(inProgress) }
                }
                try awaitHandshakes(&pending, deadline: deadline)
            }
        } catch {
            for socket in opened { socket.close() }
            throw error
        }
        return opened
    }

    /// Starts a non-blocking connect; returns what to poll for when the handshake is still under way.
    private static func startConnect(_ socket: Socket, to address: SocketAddress) throws -> pollfd? {
        let result = address.withSockAddrNoThrow { pointer, length in Glibc.connect(socket.fd, pointer, length) }
        if result == 0 { return nil }
        let code = errno
        guard code == EINPROGRESS else { throw Failure("connect: errno \(code)") }
        return pollfd(fd: socket.fd, events: Int16(POLLOUT), revents: 0)
    }

    deinit { close() }

    private static func awaitHandshakes(_ pending: inout [pollfd], deadline: Int64) throws {
        while !pending.isEmpty {
            let remaining = deadline - SystemCall.monotonicMilliseconds()
            guard remaining > 0 else { throw Failure("\(pending.count) handshakes still pending at the deadline") }
            let ready = poll(&pending, nfds_t(pending.count), Int32(clamping: remaining))
            guard ready >= 0 || errno == EINTR else { throw Failure("poll: errno \(errno)") }
            for entry in pending where entry.revents != 0 {
                var failure: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(entry.fd, SOL_SOCKET, SO_ERROR, &failure, &length)
                if failure != 0 { throw Failure("connect: errno \(failure)") }
            }
            pending.removeAll { $0.revents != 0 }
        }
    }

    /// Reads from every connection until `expected` of them have sent a complete response head, or `timeout`
    /// ms pass; a connection closed without a head counts as answered with status 0.
    /// - Returns: the status of each answered connection, in no particular order.
    package func collectAnswers(expected: Int, timeout: Int64 = 10_000) -> [Int] {
        let deadline = SystemCall.monotonicMilliseconds() + timeout
        var buffers = [Int32: [UInt8]]()
        var statuses: [Int] = []
        var open = sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while statuses.count < expected, !open.isEmpty {
            let remaining = deadline - SystemCall.monotonicMilliseconds()
            guard remaining > 0 else { break }
            guard poll(&open, nfds_t(open.count), Int32(clamping: remaining)) > 0 else { continue }
            for index in open.indices where open[index].revents != 0 {
                let fd = open[index].fd
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    buffers[fd, default: []] += chunk[..<count]
                    guard let head = Self.head(buffers[fd]!) else { continue }
                    statuses.append(head)
                } else if count < 0, errno == EAGAIN || errno == EINTR {
                    continue
                } else {
                    statuses.append(buffers[fd].flatMap(Self.head) ?? 0)
                }
                open[index].fd = -1  // answered: poll ignores negative descriptors
            }
            open.removeAll { $0.fd < 0 }
        }
        return statuses
    }

    /// How many connections have something to read (or were closed) right now, without waiting.
    package var readableNow: Int {
        var entries = sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        return Int(max(0, poll(&entries, nfds_t(entries.count), 0)))
    }

    /// Closes every connection (idempotent).
    package func close() {
        guard !closed else { return }
        closed = true
        for socket in sockets { socket.close() }
    }

    /// The status code of a complete response head in `bytes`, if there is one.
    private static func head(_ bytes: [UInt8]) -> Int? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("\r\n\r\n") else { return nil }
        let parts = text.split(separator: " ", maxSplits: 2)
        return parts.count >= 2 ? Int(parts[1]) : 0
    }

    /// Why the flood could not be opened.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
        package init(_ description: String) { self.description = description }
    }
}

extension SocketAddress {
    /// `withSockAddr` for a body that cannot fail.
    fileprivate func withSockAddrNoThrow<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        // The body never throws, so neither does this.
        try! withSockAddr { (pointer, length) throws(SocketError) in body(pointer, length) }
    }
}

/// Whether the descriptor limit leaves room for a flood, raising the soft limit to the hard one if needed.
package enum DescriptorBudget {
    /// Lifts the soft RLIMIT_NOFILE towards the hard one.
    /// - Returns: true when at least `needed` descriptors may be open at once.
    package static func allows(_ needed: Int) -> Bool {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return false }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(resource, &limit)
            _ = getrlimit(resource, &limit)
        }
        return limit.rlim_cur >= rlim_t(needed)
    }
}
