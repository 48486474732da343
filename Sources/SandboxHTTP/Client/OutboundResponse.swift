import Foundation

/// What came back: status, headers, the (possibly truncated) body and how long it all took.
public struct OutboundResponse: Sendable {
    /// The status code; 3xx is returned as is, never followed.
    public var status: Int
    /// The header fields in order.
    public var headers: HTTPHeaders
    /// The body, de-chunked, at most `HTTPClientConfiguration.maxBodySize` bytes.
    public var body: Data
    /// Whether the body was longer than the cap and cut.
    public var bodyTruncated: Bool
    /// From the start of `send` (DNS included) to the end of the response.
    public var duration: Duration

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders, body: Data, bodyTruncated: Bool, duration: Duration) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.duration = duration
    }
}
