import Foundation

/// A background thread that runs timeline jobs as they fall due while the clock runs at wall speed.
///
/// It sleeps on a condition until the next job's due time (or indefinitely when the clock is frozen or nothing is
/// scheduled) and is woken whenever jobs may have been scheduled or the clock moved, so nothing polls.
final class TimelineRunner: @unchecked Sendable {
    /// Runs what is due, then says how long until the next job in wall milliseconds (nil: wait to be woken).
    typealias Work = @Sendable () -> Int64?

    private let condition = NSCondition()
    private let work: Work
    private let finished = DispatchSemaphore(value: 0)
    // Guarded by `condition`.
    private var isWoken = false
    private var isStopping = false
    private var isStarted = false

    init(work: @escaping Work) {
        self.work = work
    }

    /// Starts the thread; a second call does nothing.
    func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !isStarted else { return }
        isStarted = true
        let thread = Thread { [self] in loop() }
        thread.name = "kravia-sandbox timeline"
        thread.start()
    }

    /// Asks the thread to look at the timeline again.
    func wake() {
        condition.lock()
        isWoken = true
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread and waits for the job it is running (if any) to finish, at most `timeout`.
    func stop(timeout: Duration = .seconds(30)) {
        condition.lock()
        let wasRunning = isStarted && !isStopping
        isStopping = true
        condition.signal()
        condition.unlock()
        if wasRunning {
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            _ = finished.wait(timeout: .now() + seconds)
        }
    }

    private func loop() {
        defer { finished.signal() }
        while true {
            condition.lock()
            if isStopping {
                condition.unlock()
                return
            }
            isWoken = false
            condition.unlock()

            let wait = work()

            condition.lock()
            let deadline = wait.map { Date(timeIntervalSinceNow: Double(max(0, $0)) / 1000) }
            while !isWoken, !isStopping {
                if let deadline {
                    if !condition.wait(until: deadline) { break }
                } else {
                    condition.wait()
                }
            }
            condition.unlock()
        }
    }
}
