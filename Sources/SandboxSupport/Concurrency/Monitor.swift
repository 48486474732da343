import Glibc

/// A mutex with condition variables on it, each for one kind of waiter: a `broadcast` wakes only the threads
/// waiting on its condition (an `NSCondition` has one, so every wake-up reaches every kind of waiter).
public final class Monitor: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }
    public func unlock() { pthread_mutex_unlock(mutex) }

    /// A condition waited on with this monitor's mutex held.
    public final class Condition: @unchecked Sendable {
        private let monitor: Monitor
        private let condition: UnsafeMutablePointer<pthread_cond_t>

        public init(_ monitor: Monitor) {
            self.monitor = monitor
            condition = .allocate(capacity: 1)
            // Timed waits measure on the monotonic clock: a change of the wall clock does not stretch them.
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            pthread_cond_init(condition, &attributes)
            pthread_condattr_destroy(&attributes)
        }

        deinit {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }

        /// Releases the mutex until woken (the caller holds it, and holds it again on return; it rechecks what it
        /// waits for).
        public func wait() { pthread_cond_wait(condition, monitor.mutex) }

        /// `wait()`, for `duration` at most.
        public func wait(upTo duration: Duration) {
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let nanoseconds = Int(deadline.tv_nsec) + Int(duration.components.attoseconds / 1_000_000_000)
            deadline.tv_sec += Int(duration.components.seconds) + nanoseconds / 1_000_000_000
            deadline.tv_nsec = nanoseconds % 1_000_000_000
            pthread_cond_timedwait(condition, monitor.mutex, &deadline)
        }

        public func signal() { pthread_cond_signal(condition) }
        public func broadcast() { pthread_cond_broadcast(condition) }
    }
}
