import Dispatch

/// One `POST /__sandbox/journal/await` in progress: the journal hands it each matching entry as it is recorded
/// and signals once `count` have arrived, so the waiting request wakes without polling.
///
/// `@unchecked Sendable` because `matches` is shared between the waiting thread and recording threads: once the
/// waiter is registered it (and `isSatisfied`, which reads it) is touched only under the journal's lock. The
/// waiting thread learns that it was satisfied from the semaphore, never by reading `matches` unlocked.
final class JournalWaiter: @unchecked Sendable {
    let filter: JournalFilter
    let count: Int
    /// Guarded by the journal's lock: read or written only inside `Journal`'s `store.withLock`.
    var matches: [JournalEntry]
    private let semaphore = DispatchSemaphore(value: 0)

    init(filter: JournalFilter, count: Int, matches: [JournalEntry]) {
        self.filter = filter
        self.count = count
        self.matches = matches
    }

    /// Whether `count` entries have matched; under the journal's lock only, like `matches`.
    var isSatisfied: Bool { matches.count >= count }

    /// Wakes the waiting request (at most once per waiter; the journal removes it as it signals).
    func signal() {
        semaphore.signal()
    }

    /// Waits for `signal()`; false on timeout.
    func wait(timeoutMilliseconds: Int) -> Bool {
        semaphore.wait(timeout: .now() + .milliseconds(timeoutMilliseconds)) == .success
    }
}
