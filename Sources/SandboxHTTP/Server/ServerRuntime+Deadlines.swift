@preconcurrency import Glibc
import Synchronization

extension ServerRuntime {
    /// The timer thread: sleeps until the earliest deadline (or until woken for an earlier one), then
    /// claims and closes every parked connection whose deadline has passed.
    func runTimer() {
        while !stopping.load(ordering: .relaxed) {
            let now = SystemCall.monotonicMilliseconds()
            let (expired, next) = table.claimExpired(now: now)
            for connection in expired { expire(connection) }
            let timeout = next.map { Int32(clamping: max(0, $0 - now)) } ?? -1
            var entry = pollfd(fd: timerWake.readFD, events: Int16(POLLIN), revents: 0)
            if Glibc.poll(&entry, 1, timeout) > 0 { timerWake.drain() }
        }
    }

    /// Ends a connection whose deadline passed: a partial request is told `408`, an idle one just closed.
    private func expire(_ connection: HTTPConnection) {
        if connection.lingerUntil == nil, !connection.parser.isIdle {
            log("rejected \(connection.remoteAddress): 408 request not received within the head timeout")
            let answer = ResponseEncoder.error(status: 408, reason: "request not received in time")
            // Best effort and non-blocking: the timer thread must never wait on one client.
            _ = answer.withUnsafeBytes { try? connection.socket.send($0) }
        }
        close(connection)
    }
}
