import Dispatch

/// One `POST /__sandbox/journal/await` in progress: the journal hands it each matching entry as it is recorded
/// and signals once `count` have arrived, so the waiting request wakes without polling.
final class JournalWaiter: @unchecked Sendable {
    let filter: JournalFilter
    let count: Int
    /// Guarded by the journal's lock.
    var matches: [JournalEntry]
    private let semaphore = DispatchSemaphore(value: 0)

    init(filter: JournalFilter, count: Int, matches: [JournalEntry]) {
        self.filter = filter
        self.count = count
        self.matches = matches
    }

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
