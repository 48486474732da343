@preconcurrency import Glibc

/// The one place where the socket layer calls into the C library.
///
/// Every call is retried on `EINTR` (a signal arriving mid-call is not a failure), and `errno` is read
/// immediately after the failing call, before anything else can overwrite it.
package enum SystemCall {
    /// Runs `body` until it returns something other than -1/`EINTR`: `int` calls and `ssize_t` ones (`recv`, `send`).
    /// - Returns: the call's non-negative result.
    /// - Throws: `SocketError` carrying `errno` when the call returns -1.
    @discardableResult
    package static func run<Result: SignedInteger>(
        _ operation: @autoclosure () -> String, _ body: () -> Result
    ) throws(SocketError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw SocketError(operation: operation(), errno: code)
        }
    }

    /// Nanoseconds on the monotonic clock, for measuring how long something took.
    package static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Milliseconds on the monotonic clock, the time base of every deadline in this module.
    package static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Waits until `fd` is ready for `events` (`POLLIN`/`POLLOUT`) or `timeout` milliseconds pass.
    /// - Returns: whether the descriptor became ready (hang-ups and errors count as ready, so the
    ///   following call reports them).
    package static func wait(fd: Int32, for events: Int16, timeout: Int64) throws(SocketError) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let deadline = monotonicMilliseconds() + max(0, timeout)
        while true {
            let remaining = Int32(clamping: max(0, deadline - monotonicMilliseconds()))
            let result = poll(&entry, 1, remaining)
            if result > 0 { return true }
            if result == 0 { return false }
            let code = errno
            if code == EINTR { continue }
            throw SocketError(operation: "poll", errno: code)
        }
    }
}
