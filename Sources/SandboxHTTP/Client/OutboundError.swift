@preconcurrency import Glibc

/// Why a request could not be delivered or its response not read; `description` is meant for journals.
public enum OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL could not be parsed.
    case invalidURL(String)
    /// Only `http://` is supported; `https://` and other schemes are refused before any connection.
    case unsupportedScheme(String)
    /// The host name did not resolve.
    case dnsFailure(host: String, message: String)
    /// Every address refused the connection (nothing listens there).
    case connectionRefused(String)
    /// The connection could not be established for another reason (unreachable network, ...).
    case connectFailed(String)
    /// No connection within the connect timeout.
    case connectTimeout(milliseconds: Int)
    /// No complete response within the read timeout.
    case readTimeout(milliseconds: Int)
    /// The server reset or closed the connection before a complete response.
    case connectionReset
    /// The response was not valid HTTP/1.x.
    case malformedResponse(String)

    /// A one-line explanation, e.g. `connection refused by 127.0.0.1:9`.
    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url)"
        case .unsupportedScheme(let scheme): "unsupported URL scheme \(scheme): only http:// is supported"
        case .dnsFailure(let host, let message): "could not resolve \(host): \(message)"
        case .connectionRefused(let address): "connection refused by \(address)"
        case .connectFailed(let message): "could not connect: \(message)"
        case .connectTimeout(let milliseconds): "no connection within \(milliseconds) ms"
        case .readTimeout(let milliseconds): "no complete response within \(milliseconds) ms"
        case .connectionReset: "connection closed by the server before a complete response"
        case .malformedResponse(let reason): "malformed response: \(reason)"
        }
    }
}

extension OutboundError {
    /// Why connecting to `address` failed: refused, timed out (after `timeout` ms), or another reason.
    static func connecting(to address: SocketAddress, _ error: SocketError, timeout milliseconds: Int) -> OutboundError
    {
        switch error.code {
        case ECONNREFUSED: .connectionRefused(address.description)
        case ETIMEDOUT: .connectTimeout(milliseconds: milliseconds)
        default: .connectFailed(error.description)
        }
    }
}
