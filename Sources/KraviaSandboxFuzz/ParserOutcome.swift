#if canImport(SandboxHTTP)
    import SandboxHTTP
#endif
import Foundation

/// What the request parser made of a byte stream, reduced to what must not depend on how the bytes
/// were split into reads: the complete requests in order, then the error that stopped parsing, if any.
///
/// `100 Continue` events are left out on purpose: whether one is due depends on whether the body had
/// already arrived with the head, which is exactly what differs between one read and many.
public struct ParserOutcome: Equatable, Sendable, CustomStringConvertible {
    /// One parsed request in a comparable form.
    public struct Request: Equatable, Sendable {
        /// The method token.
        public var method: String
        /// The request target as received.
        public var target: String
        /// `HTTP/1.0` or `HTTP/1.1`.
        public var version: String
        /// The header fields in order, as `name: value`.
        public var fields: [String]
        /// The de-chunked body.
        public var body: Data
    }

    /// The complete requests, in order.
    public var requests: [Request] = []
    /// The status of the error that ended parsing, or nil when the parser only wanted more bytes.
    public var errorStatus: Int?

    /// `N request(s), then status` for messages.
    public var description: String {
        let heads = requests.map { "\($0.method) \($0.target) \($0.version) (\($0.body.count) body bytes)" }
        return "[\(heads.joined(separator: ", "))] then \(errorStatus.map(String.init) ?? "more bytes wanted")"
    }
}

extension ParserOutcome.Request {
    init(_ request: HTTPRequest) {
        method = request.method
        target = request.target
        version = request.version.rawValue
        fields = request.headers.fields.map { "\($0.name): \($0.value)" }
        body = request.body
    }
}
