@preconcurrency import Glibc
import Foundation

/// One request on its way through the outbound loop: a non-blocking connection that is connected, written
/// and read as epoll reports it ready, with the same timeouts, errors and caps as the blocking `HTTPClient`.
///
/// Owned by the loop's thread; every step returns what to wait for next, or the exchange's outcome.
struct OutboundExchange {
    enum Step {
        /// Wait until the socket has these epoll events.
        case wait(UInt32)
        /// The exchange is over; its socket is closed.
        case done(Result<OutboundResponse, OutboundError>)
    }

    private enum Phase {
        case connecting(SocketAddress)
        case sending(offset: Int)
        case receiving
    }

    let completion: @Sendable (Result<OutboundResponse, OutboundError>) -> Void
    private(set) var socket: Socket?
    /// Whether `socket` is in the loop's epoll set (a new socket for the next address is not yet).
    var isRegistered = false
    private var phase: Phase
    private var addresses: ArraySlice<SocketAddress>
    private let wire: [UInt8]
    private var parser: HTTPResponseParser
    private let configuration: HTTPClientConfiguration
    private let started: ContinuousClock.Instant
    private let total: OutboundDeadline?
    private let connectDeadline: OutboundDeadline
    private var readDeadline: OutboundDeadline?
    private var lastError: OutboundError

    /// An exchange whose connect timeout starts now; `total` started when the request was handed in.
    init(
        _ request: OutboundRequest, url: OutboundURL, addresses: [SocketAddress],
        configuration: HTTPClientConfiguration, started: ContinuousClock.Instant, total: OutboundDeadline?,
        completion: @escaping @Sendable (Result<OutboundResponse, OutboundError>) -> Void
    ) {
        self.completion = completion
        self.addresses = addresses[...]
        self.wire = request.wire(for: url, userAgent: configuration.userAgent)
        self.parser = HTTPResponseParser(requestMethod: request.method, maxBodySize: configuration.maxBodySize)
        self.configuration = configuration
        self.started = started
        self.total = total
        self.connectDeadline = OutboundDeadline(milliseconds: configuration.connectTimeoutMilliseconds, or: total)
        self.lastError = .connectFailed("no address for \(url.host)")
        self.phase = .sending(offset: 0)
    }

    /// When the current step times out (monotonic milliseconds).
    var deadline: Int64 {
        if case .connecting = phase { return connectDeadline.at }
        return readDeadline?.at ?? connectDeadline.at
    }

    /// The failure when `deadline` passes: a connect or read timeout, like the blocking client's.
    mutating func timedOut() -> Step {
        if case .connecting = phase {
            return finish(.failure(.connectTimeout(milliseconds: connectDeadline.milliseconds)))
        }
        return finish(.failure(.readTimeout(milliseconds: readDeadline?.milliseconds ?? connectDeadline.milliseconds)))
    }

    /// Starts connecting to the first address that does not refuse at once.
    mutating func start() -> Step {
        while let address = addresses.popFirst() {
            guard SystemCall.monotonicMilliseconds() < connectDeadline.at else { break }
            let socket: Socket
            do {
                socket = try Socket.tcp(family: address.family)
            } catch {
                lastError = .connectFailed(error.description)
                continue
            }
            self.socket = socket
            isRegistered = false
            do {
                if try socket.startConnecting(to: address) { return connected() }
                phase = .connecting(address)
                return .wait(EventPoll.output)
            } catch {
                failedToConnect(to: address, error)
            }
        }
        if SystemCall.monotonicMilliseconds() >= connectDeadline.at {
            return finish(.failure(.connectTimeout(milliseconds: connectDeadline.milliseconds)))
        }
        return finish(.failure(lastError))
    }

    /// Moves the exchange on after epoll reported `events` on its socket.
    mutating func handle(_ events: UInt32) -> Step {
        guard let socket else { return finish(.failure(lastError)) }
        switch phase {
        case .connecting(let address):
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &failure, &length) != 0 { failure = errno }
            guard failure == 0 else {
                failedToConnect(to: address, SocketError(operation: "connect(\(address))", errno: failure))
                return start()
            }
            return connected()
        case .sending(let offset):
            return send(from: offset)
        case .receiving:
            return receive()
        }
    }

    private mutating func failedToConnect(to address: SocketAddress, _ error: SocketError) {
        socket?.close()
        socket = nil
        lastError = .connecting(to: address, error, timeout: connectDeadline.milliseconds)
    }

    private mutating func connected() -> Step {
        try? socket?.setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        readDeadline = OutboundDeadline(milliseconds: configuration.readTimeoutMilliseconds, or: total)
        return send(from: 0)
    }

    private mutating func send(from start: Int) -> Step {
        guard let socket else { return finish(.failure(lastError)) }
        var offset = start
        while offset < wire.count {
            do throws(SocketError) {
                let written = try wire.withUnsafeBufferPointer { (raw) throws(SocketError) -> Int? in
                    try socket.send(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: raw[offset...])))
                }
                guard let written else {
                    phase = .sending(offset: offset)
                    return .wait(EventPoll.output)
                }
                offset += written
            } catch {
                // The merchant may have answered and closed before reading everything: still read its answer.
                guard error.code == EPIPE || error.code == ECONNRESET else { return finish(.failure(.connectionReset)) }
                break
            }
        }
        phase = .receiving
        return .wait(EventPoll.input)
    }

    /// Reads what the socket holds, a bounded amount per wake-up: the rest is reported again on the next wait
    /// (the registration is level-triggered), after the loop has checked deadlines and served the others. Reading
    /// until the socket ran dry let a merchant that never stops sending hold the loop's one thread.
    private mutating func receive() -> Step {
        guard let socket else { return finish(.failure(lastError)) }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        do {
            for _ in 0..<Self.readsPerWakeUp {
                let received = try chunk.withUnsafeMutableBufferPointer { (raw) throws(SocketError) -> Int? in
                    try socket.receive(into: UnsafeMutableRawBufferPointer(raw))
                }
                guard let count = received else { return .wait(EventPoll.input) }
                if count == 0 {
                    parser.endOfStream()
                } else {
                    chunk.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                }
                if let response = try parser.parse() {
                    return finish(.success(OutboundResponse(response, duration: ContinuousClock.now - started)))
                }
                if count == 0 { break }
            }
            return .wait(EventPoll.input)
        } catch let error as SocketError {
            if error.code == ECONNRESET || error.code == EPIPE { return finish(.failure(.connectionReset)) }
            return finish(.failure(.malformedResponse("\(error)")))
        } catch let error as OutboundError {
            return finish(.failure(error))
        } catch {
            return finish(.failure(.malformedResponse("\(error)")))
        }
    }

    /// How many reads (of up to 16 KB each) one readiness report is given.
    static let readsPerWakeUp = 4

    private mutating func finish(_ outcome: Result<OutboundResponse, OutboundError>) -> Step {
        socket?.close()
        socket = nil
        return .done(outcome)
    }
}
