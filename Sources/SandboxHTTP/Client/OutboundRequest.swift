import Foundation

/// A request the client sends: method, absolute `http://` URL, headers and body.
public struct OutboundRequest: Sendable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The absolute URL, e.g. `http://127.0.0.1:8080/callback?id=1` or `http://[::1]:9000/`.
    public var url: String
    /// Extra header fields. `Host`, `Content-Length` and `Connection` are set by the client.
    public var headers: HTTPHeaders
    /// The body; sent with `Content-Length` (also 0 for methods that usually carry one).
    public var body: Data

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
