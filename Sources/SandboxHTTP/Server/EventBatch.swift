/// The connection tokens one `epoll_wait` reported to a worker, served by that worker one at a time: a wait per
/// batch instead of a wait per request.
///
/// A worker held on one of its events (a slow handler such as a long poll, a client slow to take its answer, a
/// client pipelining requests without end) would hold the rest of its batch back, and with edge-triggered
/// registrations nobody else would hear of those connections again; so the timer, every tick, takes what is left
/// of a batch that made no progress since its last look (`takeRemainingIfStalled()`) and re-arms those
/// connections for the other workers.
final class EventBatch: Sendable {
    /// Events taken per wait: enough to spare most waits under load, few enough that one worker does not sit on
    /// many connections while the others idle.
    static let capacity = 16

    private struct State {
        /// The tokens not taken yet.
        var remaining = 0..<0
        /// Tokens taken so far, over every batch: the worker's progress.
        var taken = 0
        /// `taken` when the timer last looked.
        var takenAtLastLook = -1
    }

    /// Written by `epoll_wait` only while the batch is empty (every token taken); read under the lock.
    nonisolated(unsafe) private let tokens = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: capacity)
    private let state = Locked(State())

    deinit {
        tokens.deallocate()
    }

    /// Waits up to `timeout` milliseconds for the next batch; the previous one must have been taken.
    /// - Returns: whether any event arrived.
    func wait(on poll: EventPoll, timeout: Int32) throws(SocketError) -> Bool {
        let count = try poll.waitForTokens(into: tokens, timeout: timeout)
        state.withLock { $0.remaining = 0..<count }
        return count > 0
    }

    /// The next token to serve, or nil when the batch is done (or was taken by the timer).
    func next() -> UInt64? {
        state.withLock { state in
            guard let index = state.remaining.popFirst() else { return nil }
            state.taken += 1
            return tokens[index]
        }
    }

    /// Takes every token not served yet when the worker took none since the timer's last look, for the timer to
    /// hand to other workers.
    func takeRemainingIfStalled() -> [UInt64] {
        state.withLock { state in
            defer { state.takenAtLastLook = state.taken }
            guard state.taken == state.takenAtLastLook, !state.remaining.isEmpty else { return [] }
            defer { state.remaining = state.remaining.upperBound..<state.remaining.upperBound }
            return Array(tokens[state.remaining])
        }
    }
}
