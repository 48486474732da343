@preconcurrency import Glibc
import Synchronization
import Foundation

extension ServerRuntime {
    /// Serves a connection this thread owns until it has to wait for the client again (then it is
    /// parked) or is closed. Pipelined requests are answered in order, one handler call at a time.
    func serve(_ connection: HTTPConnection, context: WorkerContext) {
        let readBuffer = context.readBuffer
        if connection.lingerUntil != nil {
            drain(connection, readBuffer: readBuffer)
            return
        }
        var answered = false
        while true {
            do {
                while let event = try connection.parser.next() {
                    // Consumed: the request moves out of the event to the handler, not copied.
                    switch consume event {
                    case .continueExpected:
                        guard write(ResponseEncoder.continueResponse, to: connection, context: context) else {
                            return close(connection)
                        }
                    case .request(var request):
                        request.remoteAddress = connection.remoteAddress
                        request.clientPresence = ClientPresence(descriptor: connection.socket.fd)
                        request.connectionMemo = connection.memo
                        guard respond(to: request, on: connection, context: context) else {
                            return close(connection)
                        }
                        answered = true
                    }
                }
            } catch {
                log("rejected \(connection.remoteAddress): \(error)")
                let answer = ResponseEncoder.rejection(
                    handler, status: error.status, reason: error.reason, remoteAddress: connection.remoteAddress)
                return reject(connection, with: answer, context: context)
            }
            // Right after an answer the client is usually still reading it: park without a futile read.
            if answered, connection.parser.isIdle {
                answered = false
                guard park(connection) else { return }
                continue
            }
            let received: Int?
            do {
                received = try connection.socket.receive(into: readBuffer)
            } catch {
                return close(connection)  // reset by the peer: nobody left to answer
            }
            switch received {
            case nil:
                guard park(connection) else { return }
            case 0?:
                // The client closed its side; a half-sent request cannot be answered usefully.
                return close(connection)
            case let count?:
                if connection.parser.isIdle { connection.requestStartedAt = SystemCall.monotonicMilliseconds() }
                connection.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]))
            }
        }
    }

    /// Calls the handler and writes its response.
    /// - Returns: whether the connection stays open.
    private func respond(to request: consuming HTTPRequest, on connection: HTTPConnection, context: WorkerContext)
        -> Bool
    {
        // Cleared only once the answer is written: a client that does not read holds this worker in `sendAll`
        // (up to the write timeout) just as a slow handler would, and the timer must start another for the rest.
        markBusy(context)
        defer { context.handlerSince.store(0, ordering: .relaxed) }
        context.handlerCalls.store(context.handlerCalls.load(ordering: .relaxed) &+ 1, ordering: .relaxed)
        // What the answer's framing needs from the request, read before the handler takes the request over.
        let isHead = request.method == "HEAD"
        let version = request.version
        let keepAlive = request.wantsKeepAlive
        let response = handler.handle(consume request)
        let head = ResponseEncoder.Head(
            response, isHead: isHead, version: version,
            keepAlive: keepAlive && !stopping.load(ordering: .relaxed), date: context.date())
        let deadline = SystemCall.monotonicMilliseconds() + writeTimeout
        do {
            let scratch = context.writeBuffer
            if head.count <= scratch.count {
                let written = UnsafeMutableBufferPointer(rebasing: scratch[..<head.write(response, into: scratch)])
                try connection.socket.sendAll(UnsafeRawBufferPointer(written), deadline: deadline)
            } else {
                let bytes = [UInt8](unsafeUninitializedCapacity: head.count) { $1 = head.write(response, into: $0) }
                try connection.socket.sendAll(bytes, deadline: deadline)
            }
            if head.bodyPending {
                try response.body.withUnsafeBytes { bytes in
                    try connection.socket.sendAll(bytes, deadline: deadline)
                }
            }
        } catch {
            if (error as? SocketError)?.code == ETIMEDOUT {
                log("dropped \(connection.remoteAddress): write timed out")
            }
            return false
        }
        connection.answeredRequests += 1
        return head.keepsAlive
    }

    /// Marks this worker busy from now (its caller clears `handlerSince` when done), for the timer to start
    /// others while it is held, and wakes the timer if it is napping.
    ///
    /// Sequentially consistent against the timer's nap (it sets `timerNapping`, then reads `handlerSince`):
    /// either it sees this worker busy or this worker sees it napping. The flag is read before it is exchanged,
    /// so a busy server, whose timer keeps ticking, writes no shared line here.
    private func markBusy(_ context: WorkerContext) {
        context.handlerSince.store(SystemCall.monotonicMilliseconds(), ordering: .sequentiallyConsistent)
        if timerNapping.load(ordering: .sequentiallyConsistent),
            timerNapping.exchange(false, ordering: .sequentiallyConsistent)
        {
            timerWake.signal()
        }
    }

    /// Writes a small interim or error answer within the write timeout, the worker counted busy meanwhile (a
    /// client that does not read held it unseen: two of them stopped a two-core server for the write timeout).
    private func write(_ bytes: [UInt8], to connection: HTTPConnection, context: WorkerContext) -> Bool {
        markBusy(context)
        defer { context.handlerSince.store(0, ordering: .relaxed) }
        let deadline = SystemCall.monotonicMilliseconds() + writeTimeout
        do {
            try connection.socket.sendAll(bytes, deadline: deadline)
            return true
        } catch {
            return false
        }
    }

    /// Answers with an error and stops reading requests: the client gets the answer instead of a reset,
    /// because what it still sends is drained (for a bounded time and size) before the socket closes.
    func reject(_ connection: HTTPConnection, with answer: [UInt8], context: WorkerContext) {
        guard write(answer, to: connection, context: context) else { return close(connection) }
        connection.socket.shutdown(Int32(SHUT_WR))
        connection.lingerUntil = SystemCall.monotonicMilliseconds() + Self.lingerMilliseconds
        handOver(connection)
    }

    /// Discards what a rejected client still sends; closes at its end of stream or past the linger budget.
    private func drain(_ connection: HTTPConnection, readBuffer: UnsafeMutableRawBufferPointer) {
        while true {
            let received: Int?
            do {
                received = try connection.socket.receive(into: readBuffer)
            } catch {
                return close(connection)
            }
            guard let count = received else {
                guard park(connection) else { return }
                continue
            }
            connection.drainedBytes += count
            if count == 0 || connection.drainedBytes > Self.lingerBytes { return close(connection) }
        }
    }

    /// Parks a connection this thread does not want to serve now. An event that raced the parking is not
    /// served here, so the socket is re-armed (`EPOLL_CTL_MOD` queues an event at once for input that is
    /// waiting) and parked again: with edge-triggered events, nothing else would report those bytes.
    /// - Parameter rearm: re-arm at once, for a connection whose reported event this thread will not serve.
    func handOver(_ connection: HTTPConnection, rearm: Bool = false) {
        var rearm = rearm
        while park(connection, rearm: rearm) { rearm = true }
    }

    /// Parks the connection with the deadline its state calls for; closes it when that fails or the server is
    /// stopping.
    ///
    /// A connection is registered once, edge-triggered: every arrival of bytes is an event, and nothing is
    /// re-armed after an answer (an `epoll_ctl` per request otherwise). An event while the owner still holds
    /// the connection is remembered by the table (`pendingEvent`), and the owner serves on instead of parking;
    /// an event after it parked claims it for whichever worker receives it.
    /// - Parameter rearm: re-arm a registered socket, so input already waiting is reported again.
    /// - Returns: true when an event arrived while parking, so this thread keeps the connection and serves
    ///   on; false when the connection is parked or closed and no longer this thread's.
    func park(_ connection: HTTPConnection, rearm: Bool = false) -> Bool {
        let now = SystemCall.monotonicMilliseconds()
        let deadline: Int64
        if let lingerUntil = connection.lingerUntil {
            deadline = lingerUntil
        } else if connection.parser.isReadingBody {
            // The body must keep arriving; each bit of progress buys another head timeout.
            deadline = now + headTimeout
        } else if connection.parser.isIdle, connection.answeredRequests > 0 {
            deadline = now + idleTimeout
        } else {
            deadline = connection.requestStartedAt + headTimeout
        }
        let (outcome, wakeTimer) = table.park(connection, deadline: deadline) {
            guard !connection.registered || rearm else { return true }
            do {
                let events = EventPoll.input | EventPoll.edgeTriggered
                if connection.registered {
                    try poll.modify(connection.socket.fd, events: events, token: connection.id)
                } else {
                    try poll.add(connection.socket.fd, events: events, token: connection.id)
                    connection.registered = true
                }
                return true
            } catch {
                return false
            }
        }
        if wakeTimer { timerWake.signal() }
        switch outcome {
        case .parked: return false
        case .resume: return true
        case .close:
            close(connection)
            return false
        }
    }
}
