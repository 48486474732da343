@preconcurrency import Glibc

/// A Linux epoll instance, reached through `dlsym` because Glibc's Swift module does not export
/// `<sys/epoll.h>` (and a C shim target would be extra build surface for three functions).
///
/// Each registration carries a 64-bit token (a connection id, never a pointer), so a stale event for
/// a closed and reused descriptor can be recognised and dropped.
package struct EventPoll: Sendable {
    /// Readable (or the peer closed).
    package static let input: UInt32 = 0x001
    /// Writable.
    package static let output: UInt32 = 0x004
    /// Error on the descriptor.
    package static let error: UInt32 = 0x008
    /// Hang-up.
    package static let hangUp: UInt32 = 0x010
    /// Deliver one event, then disarm until `modify` re-arms it: the receiving thread owns the descriptor.
    package static let oneShot: UInt32 = 1 << 30
    /// Report a descriptor each time new input arrives rather than while input is waiting: registered once,
    /// never re-armed.
    package static let edgeTriggered: UInt32 = 1 << 31

    private typealias Create = @convention(c) (Int32) -> Int32
    private typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    private struct Functions: @unchecked Sendable {
        let create: Create
        let control: Control
        let wait: Wait
    }

    private static let functions: Functions = {
        let library = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, as type: T.Type) -> T {
            guard let pointer = dlsym(library, name) else { fatalError("libc has no \(name)") }
            return unsafeBitCast(pointer, to: type)
        }
        return Functions(
            create: symbol("epoll_create1", as: Create.self),
            control: symbol("epoll_ctl", as: Control.self),
            wait: symbol("epoll_wait", as: Wait.self)
        )
    }()

    // struct epoll_event is packed on x86_64 (12 bytes, data at offset 4) and naturally aligned
    // elsewhere (16 bytes, data at offset 8); Swift cannot declare a packed struct, so it is laid out by hand.
    #if arch(x86_64)
        private static let eventSize = 12
        private static let dataOffset = 4
    #else
        private static let eventSize = 16
        private static let dataOffset = 8
    #endif

    /// The epoll descriptor.
    package let fd: Int32

    /// Creates a close-on-exec epoll instance.
    package init() throws(SocketError) {
        let create = Self.functions.create
        fd = try SystemCall.run("epoll_create1") { create(Int32(O_CLOEXEC)) }
    }

    /// Registers `descriptor` for `events`, tagged with `token`.
    package func add(_ descriptor: Int32, events: UInt32, token: UInt64) throws(SocketError) {
        try control(1, descriptor, events: events, token: token, name: "epoll_ctl(ADD)")
    }

    /// Changes (and for one-shot registrations re-arms) the events of `descriptor`.
    package func modify(_ descriptor: Int32, events: UInt32, token: UInt64) throws(SocketError) {
        try control(3, descriptor, events: events, token: token, name: "epoll_ctl(MOD)")
    }

    /// Removes `descriptor` from the set.
    package func remove(_ descriptor: Int32) {
        _ = try? control(2, descriptor, events: 0, token: 0, name: "epoll_ctl(DEL)")
    }

    private func control(_ operation: Int32, _ descriptor: Int32, events: UInt32, token: UInt64, name: String)
        throws(SocketError)
    {
        let control = Self.functions.control
        // On the stack: a connection is re-armed after every answer.
        try withUnsafeTemporaryAllocation(byteCount: Self.eventSize, alignment: 8) { (raw) throws(SocketError) in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: Self.dataOffset, as: UInt64.self)
            try SystemCall.run(name) { control(fd, operation, descriptor, raw.baseAddress) }
        }
    }

    /// Waits up to `timeout` milliseconds (-1: forever) for events; a signal interrupting the wait
    /// yields an empty batch.
    /// - Returns: `(token, events)` pairs.
    package func wait(maxEvents: Int, timeout: Int32) throws(SocketError) -> [(token: UInt64, events: UInt32)] {
        var buffer = [UInt8](repeating: 0, count: Self.eventSize * maxEvents)
        let wait = Self.functions.wait
        let (count, code) = buffer.withUnsafeMutableBytes { raw in
            let count = wait(fd, raw.baseAddress, Int32(maxEvents), timeout)
            return (count, count < 0 ? errno : 0)
        }
        if count < 0 {
            if code == EINTR { return [] }
            throw SocketError(operation: "epoll_wait", errno: code)
        }
        return buffer.withUnsafeBytes { raw in
            (0..<Int(count)).map { index in
                let base = index * Self.eventSize
                return (
                    raw.loadUnaligned(fromByteOffset: base + Self.dataOffset, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: base, as: UInt32.self)
                )
            }
        }
    }

    /// Waits up to `timeout` milliseconds (-1: forever) for events and stores their tokens in `tokens` (at most
    /// its count), without allocating: the server's workers take a batch of events per wait.
    /// - Returns: how many tokens were stored; 0 when the time ran out or a signal interrupted the wait.
    package func waitForTokens(into tokens: UnsafeMutableBufferPointer<UInt64>, timeout: Int32) throws(SocketError)
        -> Int
    {
        let wait = Self.functions.wait
        return try withUnsafeTemporaryAllocation(byteCount: Self.eventSize * tokens.count, alignment: 8) {
            (raw) throws(SocketError) -> Int in
            let count = Int(wait(fd, raw.baseAddress, Int32(tokens.count), timeout))
            if count < 0 {
                let code = errno
                if code == EINTR { return 0 }
                throw SocketError(operation: "epoll_wait", errno: code)
            }
            for index in 0..<count {
                tokens[index] = raw.loadUnaligned(
                    fromByteOffset: index * Self.eventSize + Self.dataOffset, as: UInt64.self)
            }
            return count
        }
    }

    /// Closes the epoll descriptor.
    package func close() {
        _ = Glibc.close(fd)
    }
}
