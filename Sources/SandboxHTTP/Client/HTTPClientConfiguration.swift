/// Timeouts and bounds of an `HTTPClient`.
public struct HTTPClientConfiguration: Sendable, Equatable {
    /// Time allowed to establish the TCP connection, over all resolved addresses. Default 5000 ms.
    public var connectTimeoutMilliseconds: Int
    /// Time allowed, once connected, to send the request and receive the whole response. Default 10000 ms.
    public var readTimeoutMilliseconds: Int
    /// Time allowed for the whole exchange, connect included; nil lets connect and read each take their own.
    /// A timeout it ends is reported as the connect or read timeout of this many milliseconds. Default nil.
    public var totalTimeoutMilliseconds: Int?
    /// Most response body bytes kept; the rest is not read and the response is flagged `bodyTruncated`.
    /// Default 64 KiB (callbacks need the status, not big bodies).
    public var maxBodySize: Int
    /// Sent as `User-Agent` unless the request sets one; nil sends none. Default `kravia-sandbox`.
    public var userAgent: String?

    /// Creates a configuration; every parameter defaults to the documented value.
    public init(
        connectTimeoutMilliseconds: Int = 5000,
        readTimeoutMilliseconds: Int = 10000,
        totalTimeoutMilliseconds: Int? = nil,
        maxBodySize: Int = 64 * 1024,
        userAgent: String? = "kravia-sandbox"
    ) {
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.readTimeoutMilliseconds = readTimeoutMilliseconds
        self.totalTimeoutMilliseconds = totalTimeoutMilliseconds
        self.maxBodySize = maxBodySize
        self.userAgent = userAgent
    }
}
