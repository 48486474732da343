import Synchronization

/// Every open connection by id, who owns each one (epoll or a thread), and their deadlines, behind one lock.
///
/// The hand-over protocol that keeps a connection owned by exactly one thread:
/// - an epoll event claims a parked connection (`claim`); an event for a connection that is not parked
///   (bytes that arrived while its owner served it; registrations are edge-triggered) is remembered as
///   `pendingEvent`;
/// - the owner parks (`park`): if an event came since it last parked, it keeps the connection and reads
///   again instead of parking (at worst a read that finds nothing, when it had read those bytes already);
/// - the timer claims only parked connections whose deadline has passed (`claimExpired`);
/// - only the owner closes, after `remove`, so no thread ever touches a closed descriptor.
final class ConnectionTable: Sendable {
    private struct State: Sendable {
        var connections: [UInt64: HTTPConnection] = [:]
        var countedConnections = 0
        var heap = DeadlineHeap()
        var nextID: UInt64 = 1
        var stopping = false
        /// When the timer thread will next wake by itself; an earlier deadline must wake it.
        var timerWakesAt = Int64.max
    }

    /// Outcome of `park`.
    enum ParkOutcome {
        /// Parked: the owner lets go.
        case parked
        /// An event arrived while re-arming: the owner keeps the connection and reads again.
        case resume
        /// The server is stopping: the owner closes the connection.
        case close
    }

    private let state = Locked(State())

    /// Adds a connection owned by the calling thread.
    /// - Parameter counted: whether it counts against `limit` (a connection only answered 503 does not,
    ///   but at most `limit` more of those may exist at once).
    /// - Returns: nil when the server is stopping or the limit is reached.
    func register(counted: Bool, limit: Int, make: (UInt64) -> HTTPConnection) -> HTTPConnection? {
        state.withLock { state in
            guard !state.stopping else { return nil }
            if counted {
                guard state.countedConnections < limit else { return nil }
            } else {
                guard state.connections.count - state.countedConnections < limit else { return nil }
            }
            let connection = make(state.nextID)
            state.nextID += 1
            connection.counted = counted
            state.connections[connection.id] = connection
            if counted { state.countedConnections += 1 }
            return connection
        }
    }

    /// Takes a parked connection for the thread that received its epoll event.
    func claim(_ id: UInt64) -> HTTPConnection? {
        state.withLock { state in
            guard let connection = state.connections[id] else { return nil }
            guard connection.parked else {
                connection.pendingEvent = true
                return nil
            }
            connection.parked = false
            return connection
        }
    }

    /// Hands a connection back to epoll. `rearm` (its first registration) is called outside the lock before
    /// parking.
    /// - Returns: the outcome, and whether the timer thread must be woken for an earlier deadline.
    func park(
        _ connection: HTTPConnection,
        deadline: Int64,
        rearm: () -> Bool
    ) -> (outcome: ParkOutcome, wakeTimer: Bool) {
        guard rearm() else { return (.close, false) }
        return state.withLock { state in
            if state.stopping { return (.close, false) }
            if connection.pendingEvent {
                connection.pendingEvent = false
                return (.resume, false)
            }
            connection.parked = true
            connection.deadline = deadline
            // One live heap entry per connection: a later deadline is found when the earlier entry pops.
            guard connection.heapDeadline.map({ deadline < $0 }) ?? true else { return (.parked, false) }
            connection.heapDeadline = deadline
            state.heap.push(.init(deadline: deadline, id: connection.id))
            guard deadline < state.timerWakesAt else { return (.parked, false) }
            state.timerWakesAt = deadline
            return (.parked, true)
        }
    }

    /// Forgets a connection its owner is about to close.
    func remove(_ connection: HTTPConnection) {
        state.withLock { state in
            if state.connections.removeValue(forKey: connection.id) != nil, connection.counted {
                state.countedConnections -= 1
            }
        }
    }

    /// Claims every parked connection whose deadline has passed.
    /// - Returns: the claimed connections and the next deadline still pending (nil: none).
    func claimExpired(now: Int64) -> (expired: [HTTPConnection], next: Int64?) {
        state.withLock { state in
            var expired: [HTTPConnection] = []
            while let entry = state.heap.popDue(now: now) {
                guard let connection = state.connections[entry.id], connection.heapDeadline == entry.deadline else {
                    continue  // closed, or superseded by an earlier entry
                }
                connection.heapDeadline = nil
                // A connection owned by a thread gets a fresh entry when it parks again.
                guard connection.parked else { continue }
                if connection.deadline > now {
                    connection.heapDeadline = connection.deadline
                    state.heap.push(.init(deadline: connection.deadline, id: connection.id))
                } else {
                    connection.parked = false
                    expired.append(connection)
                }
            }
            let next = state.heap.earliest
            state.timerWakesAt = next ?? .max
            return (expired, next)
        }
    }

    /// Marks the table stopping and claims every parked connection, for the caller to close.
    func beginStop() -> [HTTPConnection] {
        state.withLock { state in
            state.stopping = true
            return state.connections.values.filter { connection in
                guard connection.parked else { return false }
                connection.parked = false
                return true
            }
        }
    }

    /// Removes and returns every remaining connection, once no thread can own one any more.
    func drainAll() -> [HTTPConnection] {
        state.withLock { state in
            let all = Array(state.connections.values)
            state.connections.removeAll()
            state.countedConnections = 0
            return all
        }
    }
}
