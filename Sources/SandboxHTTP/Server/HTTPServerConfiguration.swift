/// Where an `HTTPServer` listens and how it bounds clients.
public struct HTTPServerConfiguration: Sendable {
    /// The address to bind: a numeric IPv4/IPv6 address or a host name. Default `127.0.0.1` (loopback
    /// only: a sandbox should not be reachable from the network unless asked).
    public var host: String
    /// The TCP port; 0 lets the system choose a free one (read it back from `HTTPServer.port`). Default 8080.
    public var port: Int
    /// Request size limits; see `HTTPLimits` for the defaults.
    public var limits: HTTPLimits
    /// Most connections open at once. Past it a new connection is accepted, answered `503` and closed,
    /// so the client learns why instead of waiting in the backlog. Default 4096.
    public var maxConnections: Int
    /// Most threads running handlers at once. Handlers may block (a long poll), so the pool grows on
    /// demand up to this, and shrinks again when threads sit idle. Default 512.
    public var maxThreads: Int
    /// Time allowed for a request head to arrive, from its first byte (or from accepting the connection),
    /// and for a body to make progress; past it a partial request is answered `408` and closed. Default 10 s.
    public var headTimeout: Duration
    /// Time a keep-alive connection may sit idle between requests before it is closed silently. Default 30 s.
    public var idleTimeout: Duration
    /// Time allowed to write one response into a slow reader's window before the connection is dropped.
    /// Default 10 s.
    public var writeTimeout: Duration
    /// Receives one line per transport-level rejection (malformed request, timeout, connection limit);
    /// nil to stay silent. Called on server threads, so it must be thread-safe.
    public var log: (@Sendable (String) -> Void)?

    /// Creates a configuration; every parameter defaults to the documented value.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        limits: HTTPLimits = HTTPLimits(),
        maxConnections: Int = 4096,
        maxThreads: Int = 512,
        headTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(30),
        writeTimeout: Duration = .seconds(10),
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.maxConnections = maxConnections
        self.maxThreads = maxThreads
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.log = log
    }
}

extension Duration {
    /// Whole milliseconds, rounded down, never negative: the unit of every deadline in this module.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
