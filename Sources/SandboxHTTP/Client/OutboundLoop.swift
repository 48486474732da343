@preconcurrency import Glibc
import Dispatch
import Foundation

/// Sends many requests at once from one thread: each is a non-blocking connection that epoll drives through
/// connect, write and read, so a thousand merchants that accept and never answer cost a thousand descriptors
/// and no thread each. Same timeouts, caps and errors as `HTTPClient`, which blocks its caller instead.
///
/// The thread starts with the first request and ends once nothing has been in flight for `linger`, so an
/// idle loop holds no thread and no descriptor. Completions run on the loop's thread: keep them short.
public final class OutboundLoop: Sendable {
    /// Timeouts and caps of every request.
    public let configuration: HTTPClientConfiguration
    private let linger: Duration
    private let shared = Locked(Shared())
    private let threads = ThreadGroup(marker: "SandboxHTTP.outbound")

    /// What callers hand in and the loop's thread takes out.
    private struct Shared {
        var submitted: [Submission] = []
        var inFlight = 0
        var wake: WakePipe?
    }

    fileprivate struct Submission {
        var request: OutboundRequest
        var url: OutboundURL
        var addresses: [SocketAddress]
        var started: ContinuousClock.Instant
        var total: OutboundDeadline?
        var completion: @Sendable (Result<OutboundResponse, OutboundError>) -> Void
    }

    /// Creates a loop; no thread runs until the first request.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), linger: Duration = .seconds(1)) {
        self.configuration = configuration
        self.linger = linger
    }

    /// Requests handed in and not yet completed.
    public var inFlight: Int { shared.withLock { $0.inFlight } }

    /// Whether the loop's thread is running.
    public var isRunning: Bool { shared.withLock { $0.wake != nil } }

    /// Sends `request` without waiting; `completion` gets the response (3xx included, never followed) or why
    /// there is none, exactly once, on the loop's thread.
    public func send(
        _ request: OutboundRequest,
        completion: @escaping @Sendable (Result<OutboundResponse, OutboundError>) -> Void
    ) {
        let started = ContinuousClock.now
        let url: OutboundURL
        do {
            url = try OutboundURL(request.url)
        } catch {
            return completion(.failure(error))
        }
        let total = configuration.totalTimeoutMilliseconds.map { OutboundDeadline(milliseconds: $0) }
        shared.withLock { $0.inFlight += 1 }
        let submit: @Sendable ([SocketAddress]) -> Void = { [self] addresses in
            hand(
                Submission(
                    request: request, url: url, addresses: addresses, started: started, total: total,
                    completion: completion))
        }
        if let numeric = SocketAddress(numericHost: url.host, port: url.port) { return submit([numeric]) }
        // A name may take the resolver seconds: never on the caller's thread, never on the loop's.
        DispatchQueue.global().async { [self] in
            let addresses: [SocketAddress]
            do throws(SocketError) {
                addresses = try SocketAddress.resolve(host: url.host, port: url.port)
            } catch {
                return completed(completion, .failure(.dnsFailure(host: url.host, message: error.message)))
            }
            submit(addresses)
        }
    }

    /// Queues a resolved request for the loop's thread, starting the thread when none runs.
    private func hand(_ submission: Submission) {
        let started: Result<WakePipe?, SocketError> = shared.withLock { shared in
            shared.submitted.append(submission)
            if let wake = shared.wake {
                wake.signal()
                return .success(nil)
            }
            do throws(SocketError) {
                let wake = try WakePipe()
                shared.wake = wake
                return .success(wake)
            } catch {
                shared.submitted.removeLast()
                return .failure(error)
            }
        }
        switch started {
        case .success(nil): break
        case .success(let wake?): threads.spawn(name: "http-outbound") { [self] in run(wake: wake) }
        case .failure(let error): completed(submission.completion, .failure(.connectFailed(error.description)))
        }
    }

    private func completed(
        _ completion: @Sendable (Result<OutboundResponse, OutboundError>) -> Void,
        _ outcome: Result<OutboundResponse, OutboundError>
    ) {
        shared.withLock { $0.inFlight -= 1 }
        completion(outcome)
    }

    /// The loop's thread: takes submissions, waits on epoll until a socket is ready or a deadline passes,
    /// and ends once idle for `linger`.
    private func run(wake: WakePipe) {
        var state: LoopState
        do {
            state = try LoopState(wake: wake)
        } catch {
            return fail(everythingSubmittedTo: wake, error)
        }
        defer { state.poll.close() }
        var idleSince: Int64?
        while true {
            let submitted = shared.withLock { shared -> [Submission]? in
                let taken = shared.submitted
                shared.submitted = []
                if taken.isEmpty, state.exchanges.isEmpty, let since = idleSince,
                    SystemCall.monotonicMilliseconds() - since >= linger.milliseconds
                {
                    shared.wake = nil  // the next send starts a new thread
                    return nil
                }
                return taken
            }
            guard let submitted else { break }
            for submission in submitted { state.start(submission, outbound: self) }
            state.expire(outbound: self)
            let now = SystemCall.monotonicMilliseconds()
            if state.exchanges.isEmpty {
                state.releaseBurstTables()
                idleSince = idleSince ?? now
            } else {
                idleSince = nil
            }
            let timeout = state.nextDeadline.map { max(0, $0 - now) } ?? linger.milliseconds
            let events = (try? state.poll.wait(maxEvents: 256, timeout: Int32(min(timeout, 60_000)))) ?? []
            for (token, ready) in events {
                if token == LoopState.wakeToken {
                    wake.drain()
                } else {
                    state.handle(token: token, events: ready, outbound: self)
                }
            }
        }
        wake.close()
    }

    private func fail(everythingSubmittedTo wake: WakePipe, _ error: SocketError) {
        let abandoned = shared.withLock { shared -> [Submission] in
            shared.wake = nil
            defer { shared.submitted = [] }
            return shared.submitted
        }
        wake.close()
        for submission in abandoned { completed(submission.completion, .failure(.connectFailed(error.description))) }
    }

    /// The loop thread's own state: the epoll set, the exchanges by token and their deadlines.
    private struct LoopState {
        static let wakeToken: UInt64 = 0
        let poll: EventPoll
        var exchanges: [UInt64: OutboundExchange] = [:]
        var deadlines = DeadlineHeap()
        var nextToken: UInt64 = 1

        init(wake: WakePipe) throws(SocketError) {
            poll = try EventPoll()
            do {
                try poll.add(wake.readFD, events: EventPoll.input, token: Self.wakeToken)
            } catch {
                poll.close()
                throw error
            }
        }

        var nextDeadline: Int64? { deadlines.earliest }

        /// With no exchange left, lets go of what a burst of them grew: the table keeps its capacity when
        /// emptied, and the heap the deadlines of exchanges that finished before them (stale, but each one a
        /// wake-up to come). A thousand callbacks at once otherwise held their tables' peak until the loop ended.
        mutating func releaseBurstTables() {
            guard exchanges.capacity > Self.keptCapacity || !deadlines.isEmpty else { return }
            exchanges = [:]
            deadlines = DeadlineHeap()
        }

        private static let keptCapacity = 64

        mutating func start(_ submission: Submission, outbound: OutboundLoop) {
            var exchange = OutboundExchange(
                submission.request, url: submission.url, addresses: submission.addresses,
                configuration: outbound.configuration, started: submission.started, total: submission.total,
                completion: submission.completion)
            let token = nextToken
            nextToken += 1
            apply(exchange.start(), to: &exchange, token: token, outbound: outbound)
        }

        mutating func handle(token: UInt64, events: UInt32, outbound: OutboundLoop) {
            guard var exchange = exchanges[token] else { return }
            apply(exchange.handle(events), to: &exchange, token: token, outbound: outbound)
        }

        /// Fails every exchange whose deadline has passed.
        mutating func expire(outbound: OutboundLoop) {
            let now = SystemCall.monotonicMilliseconds()
            while let due = deadlines.popDue(now: now) {
                // An entry for a gone exchange, or for a step since left (a later entry stands for it), is dropped.
                guard var exchange = exchanges[due.id], exchange.deadline <= now else { continue }
                apply(exchange.timedOut(), to: &exchange, token: due.id, outbound: outbound)
            }
        }

        private mutating func apply(
            _ step: OutboundExchange.Step, to exchange: inout OutboundExchange, token: UInt64, outbound: OutboundLoop
        ) {
            switch step {
            case .wait(let events):
                guard let socket = exchange.socket else {
                    exchanges[token] = nil
                    return outbound.completed(exchange.completion, .failure(.connectionReset))
                }
                do {
                    // A retry on the next address has a new socket: its predecessor left the set as it closed.
                    if exchange.isRegistered {
                        try poll.modify(socket.fd, events: events, token: token)
                    } else {
                        try poll.add(socket.fd, events: events, token: token)
                        exchange.isRegistered = true
                    }
                } catch {
                    exchanges[token] = nil
                    socket.close()
                    outbound.completed(exchange.completion, .failure(.connectFailed(error.description)))
                    return
                }
                let before = exchanges[token]?.deadline
                exchanges[token] = exchange
                if before != exchange.deadline { deadlines.push(.init(deadline: exchange.deadline, id: token)) }
            case .done(let outcome):
                exchanges[token] = nil
                outbound.completed(exchange.completion, outcome)
            }
        }
    }
}
