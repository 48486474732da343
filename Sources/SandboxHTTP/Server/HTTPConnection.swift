/// One accepted client connection.
///
/// Ownership is exclusive: at any moment the connection is either parked (registered in epoll, edge-triggered,
/// waiting for bytes or its deadline) or owned by exactly one thread, which alone touches the socket and
/// the parser. The fields marked "table" change only under `ConnectionTable`'s lock; the rest belong to
/// the owning thread. That discipline is what `@unchecked Sendable` stands for here, and why the fields skip
/// the run-time exclusivity check (`@exclusivity(unchecked)`: a check on each access, several per request).
final class HTTPConnection: @unchecked Sendable {
    /// Never reused, so a late epoll event for a closed connection cannot reach a new one on the same fd.
    let id: UInt64
    let socket: Socket
    /// `host:port` of the peer, handed to handlers.
    let remoteAddress: String
    /// Handed to handlers with each request.
    let memo = ConnectionMemo()

    // Owner thread only.
    @exclusivity(unchecked) var parser: HTTPRequestParser
    /// When the first byte of the current request (or the connection itself) arrived, for `headTimeout`.
    @exclusivity(unchecked) var requestStartedAt: Int64
    /// Set once an error has been answered: the connection only drains input until closed.
    @exclusivity(unchecked) var lingerUntil: Int64?
    @exclusivity(unchecked) var drainedBytes = 0
    @exclusivity(unchecked) var answeredRequests = 0
    /// Whether the socket has been added to the epoll set (once, on its first park).
    @exclusivity(unchecked) var registered = false

    // Table lock only.
    @exclusivity(unchecked) var parked = false
    @exclusivity(unchecked) var pendingEvent = false
    /// When the connection is ended if no event comes first: a partial request is answered 408, an idle or
    /// lingering connection closed silently (`ServerRuntime.expire`).
    @exclusivity(unchecked) var deadline: Int64 = 0
    /// The deadline of this connection's live heap entry, nil when it has none.
    @exclusivity(unchecked) var heapDeadline: Int64?
    /// Whether this connection counts against `maxConnections` (503 rejections do not).
    @exclusivity(unchecked) var counted = true

    init(id: UInt64, socket: Socket, remoteAddress: String, limits: HTTPLimits, now: Int64) {
        self.id = id
        self.socket = socket
        self.remoteAddress = remoteAddress
        self.parser = HTTPRequestParser(limits: limits)
        self.requestStartedAt = now
    }
}
