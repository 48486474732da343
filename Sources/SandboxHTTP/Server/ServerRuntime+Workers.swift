@preconcurrency import Glibc
import Synchronization

extension ServerRuntime {
    /// One worker: wait for a batch of events, act on each, repeat; exit on stop or after idling past the minimum.
    func runWorker() {
        let context = WorkerContext(threadId: ThreadState.currentThreadId())
        let key = ObjectIdentifier(context)
        workers.withLock { $0[key] = context }
        context.becomeCurrent()
        defer {
            WorkerContext.resign()
            workers.withLock { _ = $0.removeValue(forKey: key) }
        }
        var stop = false
        while !stop {
            let received: Bool
            do {
                received = try context.events.wait(on: poll, timeout: Self.workerIdleMilliseconds)
            } catch {
                log("epoll_wait: \(error)")
                break
            }
            guard received else {
                if stopping.load(ordering: .relaxed) || retireIfSurplus() { break }
                continue
            }
            idleWorkers.subtract(1, ordering: .relaxed)
            while !stop, let token = context.events.next() {
                switch token {
                case Self.listenerToken:
                    acceptPending(context: context)
                case Self.wakeToken:
                    stop = stopping.load(ordering: .relaxed)
                default:
                    if let connection = table.claim(token) { serve(connection, context: context) }
                }
            }
            idleWorkers.add(1, ordering: .relaxed)
        }
        idleWorkers.subtract(1, ordering: .relaxed)
        liveWorkers.subtract(1, ordering: .relaxed)
    }

    /// Hands the events a held worker has not reached to the others: each connection is re-armed (an
    /// `EPOLL_CTL_MOD` reports its waiting input again), as is the listener; the stop pipe is level-triggered and
    /// reports itself.
    func release(_ tokens: [UInt64]) {
        for token in tokens {
            switch token {
            case Self.listenerToken:
                guard !stopping.load(ordering: .relaxed) else { continue }
                do {
                    try poll.modify(
                        listener.fd, events: EventPoll.input | EventPoll.oneShot, token: Self.listenerToken)
                } catch {
                    log("re-arming the listener: \(error)")
                }
            case Self.wakeToken:
                continue
            default:
                if let connection = table.claim(token) { handOver(connection, rearm: true) }
            }
        }
    }

    /// Lets this idle worker exit if others are idle too and more than the minimum are alive.
    private func retireIfSurplus() -> Bool {
        guard liveWorkers.load(ordering: .relaxed) > minimumWorkers else { return false }
        var idle = idleWorkers.load(ordering: .relaxed)
        while idle > 1 {
            let (exchanged, current) = idleWorkers.compareExchange(
                expected: idle, desired: idle - 1, ordering: .acquiringAndReleasing)
            if exchanged {
                // Undo here what the exit path of runWorker subtracts again.
                idleWorkers.add(1, ordering: .relaxed)
                return true
            }
            idle = current
        }
        return false
    }

    /// Accepts what is queued (bounded, so one busy listener cannot starve connections), then re-arms.
    private func acceptPending(context: WorkerContext) {
        for _ in 0..<256 {
            guard !stopping.load(ordering: .relaxed) else { return }
            let accepted: (socket: Socket, peer: SocketAddress)?
            do {
                accepted = try listener.accept()
            } catch {
                // EMFILE and friends: leave the rest queued and try again on the next event.
                log("accept: \(error)")
                break
            }
            guard let (socket, peer) = accepted else { break }
            admit(socket, peer: peer, context: context)
        }
        guard !stopping.load(ordering: .relaxed) else { return }
        do {
            try poll.modify(listener.fd, events: EventPoll.input | EventPoll.oneShot, token: Self.listenerToken)
        } catch {
            log("re-arming the listener: \(error)")
        }
    }

    /// Registers a new connection, or answers 503 when `maxConnections` are already open.
    private func admit(_ socket: Socket, peer: SocketAddress, context: WorkerContext) {
        // Responses go out in one write; Nagle would only delay the next pipelined one.
        try? socket.setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        let now = SystemCall.monotonicMilliseconds()
        let make = { (id: UInt64) in
            HTTPConnection(
                id: id, socket: socket, remoteAddress: peer.description, limits: self.configuration.limits, now: now)
        }
        if let connection = table.register(counted: true, limit: configuration.maxConnections, make: make) {
            handOver(connection)
            return
        }
        log("rejected \(peer): 503 more than \(configuration.maxConnections) connections")
        let answer = ResponseEncoder.rejection(
            handler, status: 503, reason: "too many connections", remoteAddress: peer.description)
        guard let connection = table.register(counted: false, limit: configuration.maxConnections, make: make) else {
            // Even the rejection budget is spent: answer best-effort and close at once.
            _ = answer.withUnsafeBytes { try? socket.send($0) }
            socket.close()
            return
        }
        reject(connection, with: answer, context: context)
    }
}
