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
        let total = configuration.totalTimeoutMilliseconds.map { OutboundDeadline(milliseconds: $0) }
        let socket = try connect(to: url, total: total)
        defer { socket.close() }

        let read = OutboundDeadline(milliseconds: configuration.readTimeoutMilliseconds, or: total)
        let wire = request.wire(for: url, userAgent: configuration.userAgent)
        do {
            try socket.sendAll(wire, deadline: read.at)
        } catch {
            if error.code == ETIMEDOUT { throw .readTimeout(milliseconds: read.milliseconds) }
            // The server may have answered and closed before reading everything: still read its answer.
            if error.code != EPIPE, error.code != ECONNRESET { throw .connectionReset }
        }
        var parser = HTTPResponseParser(requestMethod: request.method, maxBodySize: configuration.maxBodySize)
        let response = try receive(from: socket, into: &parser, until: read)
        return OutboundResponse(response, duration: clock.now - started)
    }

    /// Feeds what the socket receives to `parser` until it holds a whole response or `read` passes.
    private func receive(from socket: Socket, into parser: inout HTTPResponseParser, until read: OutboundDeadline)
        throws(OutboundError) -> ParsedResponse
    {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            if let response = try parser.parse() { return response }
            let remaining = read.at - SystemCall.monotonicMilliseconds()
            guard remaining > 0 else { throw .readTimeout(milliseconds: read.milliseconds) }
            do {
                guard try SystemCall.wait(fd: socket.fd, for: Int16(POLLIN), timeout: remaining) else { continue }
                let received = try chunk.withUnsafeMutableBufferPointer { (raw) throws(SocketError) -> Int? in
                    try socket.receive(into: UnsafeMutableRawBufferPointer(raw))
                }
                guard let count = received else { continue }
                if count == 0 {
                    parser.endOfStream()
                } else {
                    chunk.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                }
            } catch {
                if error.code == ECONNRESET || error.code == EPIPE { throw .connectionReset }
                throw .malformedResponse("\(error)")
            }
        }
    }

    /// Tries each resolved address in turn within the one connect timeout (counted once the name is resolved),
    /// or what is left of `total` if that ends first.
    private func connect(to url: OutboundURL, total: OutboundDeadline?) throws(OutboundError) -> Socket {
        let addresses: [SocketAddress]
        do {
            addresses = try SocketAddress.resolve(host: url.host, port: url.port)
        } catch {
            throw .dnsFailure(host: url.host, message: error.message)
        }
        let timeout = OutboundDeadline(milliseconds: configuration.connectTimeoutMilliseconds, or: total)
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
                lastError = .connecting(to: address, error, timeout: timeout.milliseconds)
            }
        }
        if SystemCall.monotonicMilliseconds() >= deadline {
            throw .connectTimeout(milliseconds: timeout.milliseconds)
        }
        throw lastError
    }
}
