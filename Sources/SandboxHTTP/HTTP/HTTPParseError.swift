/// Why a request could not be parsed, with the status the server answers before closing the connection.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer: 400, 413, 414, 431, 501 or 505.
    public var status: Int
    /// A short explanation for logs and for the response body.
    public var reason: String

    /// Creates an error.
    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// `400 Bad Request: reason`.
    public var description: String { "\(status) \(HTTPStatus.reasonPhrase(for: status)): \(reason)" }

    static func badRequest(_ reason: String) -> HTTPParseError { HTTPParseError(status: 400, reason: reason) }
}
