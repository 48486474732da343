import Foundation

/// Dedicated threads (never Swift Tasks: handlers block) that can be counted and joined.
final class ThreadGroup: Sendable {
    private let condition = NSCondition()
    nonisolated(unsafe) private var running = 0
    private let marker: String

    /// - Parameter marker: stored in each thread's dictionary so `isMember` can recognise them.
    init(marker: String) {
        self.marker = marker
    }

    /// Starts `body` on a new thread.
    func spawn(name: String, _ body: @escaping @Sendable () -> Void) {
        condition.lock()
        running += 1
        condition.unlock()
        let marker = self.marker
        let thread = Thread(named: name) { [self] in
            Thread.current.threadDictionary["SandboxHTTP.group"] = marker
            body()
            condition.lock()
            running -= 1
            condition.broadcast()
            condition.unlock()
        }
        // Handlers run on these threads; 512 KiB is ample and keeps hundreds of blocked handlers cheap.
        thread.stackSize = 512 * 1024
        thread.start()
    }

    /// How many of its threads are running now.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return running
    }

    /// Whether the calling thread belongs to this group.
    var isMember: Bool {
        (Thread.current.threadDictionary["SandboxHTTP.group"] as? String) == marker
    }

    /// Blocks until at most `count` threads are still running.
    func wait(untilAtMost count: Int) {
        condition.lock()
        while running > count { condition.wait() }
        condition.unlock()
    }
}
