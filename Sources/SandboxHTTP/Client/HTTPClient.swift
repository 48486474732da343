@preconcurrency import Glibc
import Foundation

/// A small blocking HTTP/1.1 client for callbacks: one request per connection, `http://` only, no
/// redirects, millisecond timeouts, capped bodies. Call it from a thread, never from a Swift Task.
public struct HTTPClient: Sendable {
    /// Timeouts and caps.
    public var configuration: HTTPClientConfiguration

    /// Creates a client.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
    }

    /// Sends `request` and reads the response.
    /// - Returns: the response, 3xx included (redirects are not followed).
    /// - Throws: `OutboundError` describing what went wrong.
    public func send(_ request: OutboundRequest) throws(OutboundError) -> OutboundResponse {
        let clock = ContinuousClock()
        let started = clock.now
        let url = try OutboundURL(request.url)
        let total = configuration.totalTimeoutMilliseconds.map { Deadline(milliseconds: $0) }
        let socket = try connect(to: url, total: total)
        defer { socket.close() }

        let read = Deadline(milliseconds: configuration.readTimeoutMilliseconds, or: total)
        let wire = encode(request, url: url)
        do {
            try socket.sendAll(wire, deadline: read.at)
        } catch {
            if error.code == ETIMEDOUT { throw .readTimeout(milliseconds: read.milliseconds) }
            // The server may have answered and closed before reading everything: still read its answer.
            if error.code != EPIPE, error.code != ECONNRESET { throw .connectionReset }
        }
        var reader = HTTPResponseReader(
            socket: socket, deadline: read.at, timeoutMilliseconds: read.milliseconds,
            maxBodySize: configuration.maxBodySize)
        let (status, headers, body, truncated) = try reader.read(requestMethod: request.method)
        return OutboundResponse(
            status: status, headers: headers, body: body, bodyTruncated: truncated, duration: clock.now - started)
    }

    /// Tries each resolved address in turn within the one connect timeout (counted once the name is resolved),
    /// or what is left of `total` if that ends first.
    private func connect(to url: OutboundURL, total: Deadline?) throws(OutboundError) -> Socket {
        let addresses: [SocketAddress]
        do {
            addresses = try SocketAddress.resolve(host: url.host, port: url.port)
        } catch {
            throw .dnsFailure(host: url.host, message: error.message)
        }
        let timeout = Deadline(milliseconds: configuration.connectTimeoutMilliseconds, or: total)
        let deadline = timeout.at
        var lastError = OutboundError.connectFailed("no address for \(url.host)")
        for address in addresses {
            let remaining = deadline - SystemCall.monotonicMilliseconds()
            guard remaining > 0 else { break }
            let socket: Socket
            do {
                socket = try Socket.tcp(family: address.family)
            } catch {
                lastError = .connectFailed(error.description)
                continue
            }
            do {
                try socket.connect(to: address, timeout: remaining)
                try? socket.setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
                return socket
            } catch {
                socket.close()
                switch error.code {
                case ECONNREFUSED: lastError = .connectionRefused(address.description)
                case ETIMEDOUT: lastError = .connectTimeout(milliseconds: timeout.milliseconds)
                default: lastError = .connectFailed(error.description)
                }
            }
        }
        if SystemCall.monotonicMilliseconds() >= deadline {
            throw .connectTimeout(milliseconds: timeout.milliseconds)
        }
        throw lastError
    }

    private func encode(_ request: OutboundRequest, url: OutboundURL) -> [UInt8] {
        var head = "\(request.method) \(url.target) HTTP/1.1\r\nHost: \(url.authority)\r\n"
        for field in request.headers {
            let name = field.name
            if name.equalsIgnoringASCIICase("Host") || name.equalsIgnoringASCIICase("Content-Length")
                || name.equalsIgnoringASCIICase("Connection") || name.equalsIgnoringASCIICase("Transfer-Encoding")
            {
                continue
            }
            head += "\(name): \(field.value)\r\n"
        }
        if let agent = configuration.userAgent, request.headers["User-Agent"] == nil {
            head += "User-Agent: \(agent)\r\n"
        }
        let carriesBody = !request.body.isEmpty || !["GET", "HEAD", "DELETE", "OPTIONS"].contains(request.method)
        if carriesBody { head += "Content-Length: \(request.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + request.body
    }
}

/// When a step of an exchange must end: its own timeout from now, or the whole exchange's if that comes first.
private struct Deadline {
    /// Monotonic milliseconds.
    let at: Int64
    /// The timeout that set `at`, for the error message.
    let milliseconds: Int

    init(milliseconds: Int) {
        self.at = SystemCall.monotonicMilliseconds() + Int64(milliseconds)
        self.milliseconds = milliseconds
    }

    init(milliseconds: Int, or total: Deadline?) {
        let own = Deadline(milliseconds: milliseconds)
        self = total.map { $0.at < own.at ? $0 : own } ?? own
    }
}
