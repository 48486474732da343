@preconcurrency import Glibc

/// A non-blocking TCP socket: a file descriptor plus the few calls HTTP needs, each through `SystemCall`.
///
/// A plain value: closing is explicit, so ownership stays visible at the call site.
public struct Socket: Sendable, Hashable {
    /// The file descriptor.
    public let fd: Int32

    /// Wraps an open descriptor.
    public init(fd: Int32) {
        self.fd = fd
    }

    /// Opens a non-blocking, close-on-exec TCP socket for `family` (`AF_INET` or `AF_INET6`).
    public static func tcp(family: Int32) throws(SocketError) -> Socket {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return Socket(fd: try SystemCall.run("socket", { socket(family, type, 0) }))
    }

    /// Sets an integer socket option.
    public func setOption(level: Int32, name: Int32, value: Int32) throws(SocketError) {
        var value = value
        try SystemCall.run("setsockopt(\(name))") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Binds to `address`.
    public func bind(to address: SocketAddress) throws(SocketError) {
        _ = try address.withSockAddr { (pointer, length) throws(SocketError) in
            try SystemCall.run("bind(\(address))") { Glibc.bind(fd, pointer, length) }
        }
    }

    /// Starts listening with a backlog of `backlog` pending connections.
    public func listen(backlog: Int32) throws(SocketError) {
        try SystemCall.run("listen") { Glibc.listen(fd, backlog) }
    }

    /// The local address, e.g. to learn the port the system chose for port 0.
    public func localAddress() throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutableBytes(of: &storage) { (raw) throws(SocketError) in
            let pointer = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
            try SystemCall.run("getsockname") { getsockname(fd, pointer, &length) }
        }
        return SocketAddress(storage: storage, length: length)
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket.
    /// - Returns: nil when no connection is pending.
    public func accept() throws(SocketError) -> (socket: Socket, peer: SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let accepted: Int32
        do {
            accepted = try withUnsafeMutableBytes(of: &storage) { (raw) throws(SocketError) -> Int32 in
                let pointer = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
                return try SystemCall.run("accept") { Glibc.accept(fd, pointer, &length) }
            }
        } catch  where error.wouldBlock || error.code == ECONNABORTED {
            // ECONNABORTED: the peer gave up while queued; nothing to accept now.
            return nil
        }
        let socket = Socket(fd: accepted)
        // accept4 is not exported by Glibc's Swift module, so the flags are set afterwards.
        do {
            let flags = try SystemCall.run("fcntl(F_GETFL)") { fcntl(accepted, F_GETFL) }
            try SystemCall.run("fcntl(F_SETFL)") { fcntl(accepted, F_SETFL, flags | O_NONBLOCK) }
            try SystemCall.run("fcntl(F_SETFD)") { fcntl(accepted, F_SETFD, FD_CLOEXEC) }
        } catch {
            socket.close()
            throw error
        }
        return (socket, SocketAddress(storage: storage, length: length))
    }

    /// Starts connecting to `address` without waiting.
    /// - Returns: true when connected at once, false while the handshake is under way (writability tells
    ///   when it ends, `SO_ERROR` how).
    public func startConnecting(to address: SocketAddress) throws(SocketError) -> Bool {
        do {
            _ = try address.withSockAddr { (pointer, length) throws(SocketError) in
                try SystemCall.run("connect(\(address))") { Glibc.connect(fd, pointer, length) }
            }
            return true
        } catch  where error.code == EINPROGRESS {
            return false
        }
    }

    /// Starts connecting to `address` and waits up to `timeout` milliseconds for the handshake.
    /// - Throws: `SocketError` with operation `connect`; `code == ETIMEDOUT` when the time ran out.
    public func connect(to address: SocketAddress, timeout: Int64) throws(SocketError) {
        if try startConnecting(to: address) { return }
        guard try SystemCall.wait(fd: fd, for: Int16(POLLOUT), timeout: timeout) else {
            throw SocketError(operation: "connect(\(address))", errno: ETIMEDOUT)
        }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        try SystemCall.run("getsockopt(SO_ERROR)") { getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length) }
        if failure != 0 { throw SocketError(operation: "connect(\(address))", errno: failure) }
    }

    /// Reads what is available into `buffer`.
    /// - Returns: the number of bytes read, 0 at end of stream, nil when nothing is available yet.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        do {
            return try SystemCall.run("recv") { recv(fd, buffer.baseAddress, buffer.count, 0) }
        } catch  where error.wouldBlock {
            return nil
        }
    }

    /// Writes as much of `bytes` as the socket takes now, never raising SIGPIPE.
    /// - Returns: the number of bytes written, nil when the send buffer is full.
    public func send(_ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int? {
        do {
            return try SystemCall.run("send") { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        } catch  where error.wouldBlock {
            return nil
        }
    }

    /// Writes all of `bytes`, waiting for the peer to drain its window until `deadline`
    /// (monotonic milliseconds).
    /// - Throws: `SocketError` (`ETIMEDOUT` when the deadline passes first, `EPIPE`/`ECONNRESET` when
    ///   the peer went away).
    public func sendAll(_ bytes: UnsafeRawBufferPointer, deadline: Int64) throws(SocketError) {
        var offset = 0
        while offset < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            if let written = try send(rest) {
                offset += written
                continue
            }
            let remaining = deadline - SystemCall.monotonicMilliseconds()
            guard remaining > 0, try SystemCall.wait(fd: fd, for: Int16(POLLOUT), timeout: remaining) else {
                throw SocketError(operation: "send", errno: ETIMEDOUT)
            }
        }
    }

    /// Writes all of `bytes` by the deadline; see `sendAll(_:deadline:)`.
    public func sendAll(_ bytes: [UInt8], deadline: Int64) throws(SocketError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(SocketError) in
            try sendAll(UnsafeRawBufferPointer(buffer), deadline: deadline)
        }
    }

    /// Shuts down one or both directions (`SHUT_RD`, `SHUT_WR`, `SHUT_RDWR`); errors are irrelevant here.
    public func shutdown(_ how: Int32) {
        _ = Glibc.shutdown(fd, how)
    }

    /// Closes the descriptor. `EINTR` is not retried: on Linux the descriptor is gone either way.
    public func close() {
        _ = Glibc.close(fd)
    }
}
