@preconcurrency import Glibc
import Synchronization

extension ServerRuntime {
    /// The timer thread: sleeps until the earliest deadline (or until woken for an earlier one), then
    /// claims and closes every parked connection whose deadline has passed. While the server is busy (a handler
    /// ran within `busyTickingMilliseconds`) it also checks every few milliseconds that enough workers are free
    /// (see `superviseWorkers`); only after a quiet spell does it nap, and then the next handler wakes it.
    /// Waking it on every request after a short gap cost a pipe write and a thread switch per request.
    func runTimer() {
        var lastCalls = 0
        var busyAt: Int64?
        while !stopping.load(ordering: .relaxed) {
            let now = SystemCall.monotonicMilliseconds()
            let (expired, next) = table.claimExpired(now: now)
            for connection in expired { expire(connection) }
            var activity = superviseWorkers(now: now)
            if activity.running || activity.calls != lastCalls {
                lastCalls = activity.calls
                busyAt = now
            }
            var ticking = busyAt.map { now - $0 < Self.busyTickingMilliseconds } ?? false
            if !ticking {
                // Nap, then look again: a handler that started just before the flag was set would not wake us.
                timerNapping.store(true, ordering: .sequentiallyConsistent)
                activity = superviseWorkers(now: now)
                if activity.running {
                    timerNapping.store(false, ordering: .sequentiallyConsistent)
                    ticking = true
                }
            }
            var timeout = next.map { Int32(clamping: max(0, $0 - now)) } ?? -1
            if ticking {
                let check = Int32(Self.blockedHandlerMilliseconds)
                timeout = timeout < 0 ? check : min(timeout, check)
            }
            var entry = pollfd(fd: timerWake.readFD, events: Int16(POLLIN), revents: 0)
            if Glibc.poll(&entry, 1, timeout) > 0 { timerWake.drain() }
        }
    }

    /// How long the timer keeps its periodic check after the last handler it saw.
    static let busyTickingMilliseconds: Int64 = 1000

    /// Starts workers when too many are stuck in slow handlers waiting for something (a long poll), so that at least
    /// `minimumWorkers` stay free to accept and answer others, and hands the events a worker has not reached to the
    /// others when its batch made no progress since the last tick. Spawning only here, never on the hot path,
    /// keeps the pool at about one thread per core under CPU-bound load.
    /// - Returns: whether any handler is running, and the handler calls of the live workers so far (a change
    ///   since the last check means handlers ran in between).
    private func superviseWorkers(now: Int64) -> (running: Bool, calls: Int) {
        let (running, pastTick, calls, held) = workers.withLock { workers in
            var running = 0
            var pastTick: [(thread: Int32?, milliseconds: Int64, waitingForLock: Bool)] = []
            var calls = 0
            var held: [UInt64] = []
            for context in workers.values {
                calls &+= context.handlerCalls.load(ordering: .relaxed)
                held += context.events.takeRemainingIfStalled()
                let since = context.handlerSince.load(ordering: .sequentiallyConsistent)
                guard since != 0 else { continue }
                running += 1
                if now - since >= Self.blockedHandlerMilliseconds {
                    pastTick.append((context.threadId, now - since, context.waitingForLock.load(ordering: .relaxed)))
                }
            }
            return (running, pastTick, calls, held)
        }
        let blocked = pastTick.count { handler in
            Self.isBlocked(
                milliseconds: handler.milliseconds, runnable: handler.thread.flatMap(ThreadState.isRunnable),
                waitingForLock: handler.waitingForLock)
        }
        release(held)
        // Counted from liveWorkers, not the registry: a worker just spawned may not have registered yet.
        let live = liveWorkers.load(ordering: .relaxed)
        var wanted = minimumWorkers - (live - blocked)
        // While handlers block (a burst of long polls), the events handed over need workers of their own: started
        // for as many as the idle ones cannot take, not two a tick (256 awaits took 1.3 s to all get a thread,
        // and a health check behind them waited that long).
        if blocked > 0 { wanted = max(wanted, held.count - idleWorkers.load(ordering: .relaxed)) }
        if wanted > 0, !stopping.load(ordering: .relaxed) {
            for _ in 0..<max(0, min(wanted, configuration.maxThreads - live)) { spawnWorker() }
        }
        return (running > 0, calls)
    }

    /// Whether a handler that has held its worker for `milliseconds` (past the tick) blocks it: its thread waits for
    /// something (`runnable` false; nil, unknown, counts as waiting, as every handler did before) other than a lock
    /// another handler holds, or it has computed or waited for long enough that the requests behind it want a thread of
    /// their own. A handler past a tick that computes is most often one whose thread waits for a core on a busy machine
    /// (`ThreadState`); one that waits for a lock, one of many handlers taking the same lock by turns, where each new
    /// worker only joined the queue (the soak's pool grew from 10 threads to ~75 behind the ledger's lock).
    static func isBlocked(milliseconds: Int64, runnable: Bool?, waitingForLock: Bool = false) -> Bool {
        milliseconds >= computingHandlerMilliseconds || (runnable != true && !waitingForLock)
    }

    /// Ends a connection whose deadline passed: a partial request is told `408`, an idle one just closed.
    private func expire(_ connection: HTTPConnection) {
        if connection.lingerUntil == nil, !connection.parser.isIdle {
            log("rejected \(connection.remoteAddress): 408 request not received within the head timeout")
            let answer = ResponseEncoder.rejection(
                handler, status: 408, reason: "request not received in time", remoteAddress: connection.remoteAddress)
            // Best effort and non-blocking: the timer thread must never wait on one client.
            _ = answer.withUnsafeBytes { try? connection.socket.send($0) }
        }
        close(connection)
    }
}
