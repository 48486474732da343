/// The connection tokens one `epoll_wait` reported to a worker, served by that worker one at a time: a wait per
/// batch instead of a wait per request.
///
/// A worker stuck in a slow handler (a long poll) would hold the rest of its batch back, and with
/// edge-triggered registrations nobody else would hear of those connections again; so the timer takes what is
/// left of a blocked worker's batch (`takeRemaining()`) and re-arms those connections for the other workers.
final class EventBatch: Sendable {
    /// Events taken per wait: enough to spare most waits under load, few enough that one worker does not sit on
    /// many connections while the others idle.
    static let capacity = 16

    /// Written by `epoll_wait` only while the batch is empty (every token taken); read under the lock.
    nonisolated(unsafe) private let tokens = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: capacity)
    /// The tokens not taken yet.
    private let remaining = Locked(0..<0)

    deinit {
        tokens.deallocate()
    }

    /// Waits up to `timeout` milliseconds for the next batch; the previous one must have been taken.
    /// - Returns: whether any event arrived.
    func wait(on poll: EventPoll, timeout: Int32) throws(SocketError) -> Bool {
        let count = try poll.waitForTokens(into: tokens, timeout: timeout)
        remaining.withLock { $0 = 0..<count }
        return count > 0
    }

    /// The next token to serve, or nil when the batch is done (or was taken by the timer).
    func next() -> UInt64? {
        remaining.withLock { remaining in remaining.popFirst().map { tokens[$0] } }
    }

    /// Takes every token not served yet, for the timer to hand to other workers.
    func takeRemaining() -> [UInt64] {
        remaining.withLock { remaining in
            defer { remaining = remaining.upperBound..<remaining.upperBound }
            return Array(tokens[remaining])
        }
    }
}
