@preconcurrency import Glibc

/// Whether the client that sent a request is still there, for a handler that waits long (a long poll) to stop
/// waiting for nobody. Looks at the request's connection without taking anything from it.
///
/// Valid while the request's handler runs: the connection is its worker's until the answer is written.
public struct ClientPresence: Sendable {
    private let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// True once the client has closed its side (end of stream, as nginx takes it too) or reset the connection;
    /// false while it is quiet or has sent more (pipelined requests).
    public var hasGone: Bool {
        var byte: UInt8 = 0
        let peeked = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if peeked > 0 { return false }
        if peeked == 0 { return true }
        return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
    }
}
