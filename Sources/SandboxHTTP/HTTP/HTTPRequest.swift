import Foundation

/// The protocol version of a request line.
public enum HTTPVersion: String, Sendable, Equatable {
    /// HTTP/1.0: connections close after each response unless the client asks for keep-alive.
    case http1_0 = "HTTP/1.0"
    /// HTTP/1.1: connections persist unless either side says `Connection: close`.
    case http1_1 = "HTTP/1.1"
}

/// A complete, parsed HTTP request: what a handler receives.
public struct HTTPRequest: Sendable {
    /// The method token as received, e.g. `GET`.
    public var method: String
    /// The request target as received: path and optional `?query`, still percent-encoded.
    public var target: String
    /// The protocol version of the request line.
    public var version: HTTPVersion
    /// The header fields in order.
    public var headers: HTTPHeaders
    /// The body, de-chunked; empty when there is none.
    public var body: Data
    /// The peer's address as `host:port`, when known.
    public var remoteAddress: String?
    /// Whether the client is still connected, for a request read from a socket (nil otherwise).
    public var clientPresence: ClientPresence?
    /// What the handler kept from earlier requests on the same connection, for a request read from a socket.
    public var connectionMemo: ConnectionMemo?

    /// Creates a request.
    public init(
        method: String,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:],
        body: Data = Data(),
        remoteAddress: String? = nil
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The path part of the target, still percent-encoded.
    public var path: String {
        guard let mark = querySeparator else { return target }
        return String(target.utf8.prefix(mark))!
    }

    /// The query part of the target without the `?`, or nil when there is none.
    public var query: String? {
        guard let mark = querySeparator else { return nil }
        return String(target.utf8.dropFirst(mark + 1))!
    }

    /// The byte offset of the `?` in the target, found with `memchr` in the string's contiguous bytes (through
    /// `String.UTF8View`'s generic indices the search cost more than the rest of routing).
    private var querySeparator: Int? {
        let question = UInt8(ascii: "?")
        let found: Int?? = target.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return nil }
            return memchr(base, Int32(question), bytes.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
        }
        if let found { return found }
        return target.utf8.firstIndex(of: question).map { target.utf8.distance(from: target.utf8.startIndex, to: $0) }
    }

    /// The query parameters in order, form-decoded (`+` is a space), repeated keys kept.
    public var queryItems: [(name: String, value: String)] {
        query.map(FormEncoding.parse) ?? []
    }

    /// The first value of the query parameter `name`, or nil.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Whether the connection should stay open after this request's response.
    public var wantsKeepAlive: Bool {
        switch version {
        case .http1_1: !headers.contains(token: "close", in: "Connection")
        case .http1_0: headers.contains(token: "keep-alive", in: "Connection")
        }
    }
}
