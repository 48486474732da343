import Foundation

/// Answers requests. Called on the connection's own thread, so it may block briefly but must not wait forever.
public protocol HTTPHandler: Sendable {
    /// Produces the response to one complete request, which the handler takes over (the transport keeps no copy:
    /// a handler that stores it, as the sandbox's request context does, then retains none of its strings again).
    func handle(_ request: consuming HTTPRequest) -> HTTPResponse

    /// The answer to a client the transport turns away before any request is complete (a malformed or
    /// oversized request, a head that never arrived, too many connections). The connection is closed after it.
    /// The default is a one-line `text/plain` body; an application gives it its own error shape (and may
    /// record it).
    /// - Parameters:
    ///   - status: 400, 408, 413, 414, 431, 501, 503, ...
    ///   - reason: what was wrong, for a person.
    ///   - remoteAddress: the client, `host:port`.
    func rejection(status: Int, reason: String, remoteAddress: String) -> HTTPResponse
}

extension HTTPHandler {
    /// `reason` as a one-line plain-text body.
    public func rejection(status: Int, reason: String, remoteAddress: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data("\(reason)\n".utf8))
    }
}

/// A handler made from a closure.
public struct ClosureHTTPHandler: HTTPHandler {
    private let body: @Sendable (HTTPRequest) -> HTTPResponse

    /// Wraps `body` as a handler.
    public init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.body = body
    }

    /// Calls the closure.
    public func handle(_ request: consuming HTTPRequest) -> HTTPResponse {
        body(request)
    }
}
