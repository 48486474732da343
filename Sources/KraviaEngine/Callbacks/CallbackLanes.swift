import Dispatch
import Foundation
import SandboxSupport

/// Runs callback attempts off the caller's thread: one serial lane per transaction, created on demand and
/// dropped when idle, so one merchant URL that never answers delays neither other transactions nor the API,
/// while one transaction's callbacks still go out in the order they fell due.
final class CallbackLanes: @unchecked Sendable {
    private struct Lane {
        let queue: DispatchQueue
        var queued: Int
    }

    // Guards `lanes` and `inFlight`; also the condition `waitUntilIdle` sleeps on.
    private let condition = NSCondition()
    private var lanes: [String: Lane] = [:]
    private var inFlight = 0

    /// Queues `work` on the lane `key`; it counts as in flight from now until it has returned.
    func submit(lane key: String, _ work: @escaping @Sendable () -> Void) {
        condition.lock()
        inFlight += 1
        var lane = lanes[key] ?? Lane(queue: DispatchQueue(label: "kravia.callbacks.lane"), queued: 0)
        lane.queued += 1
        lanes[key] = lane
        condition.unlock()
        lane.queue.async {
            work()
            self.finished(lane: key)
        }
    }

    private func finished(lane key: String) {
        condition.lock()
        inFlight -= 1
        lanes[key]?.queued -= 1
        // Everything queued on this lane has run, so a new queue for the key cannot overtake anything.
        if lanes[key]?.queued == 0 { lanes[key] = nil }
        condition.broadcast()
        condition.unlock()
    }

    /// The number of attempts queued or under way.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return inFlight
    }

    /// Blocks until no attempt is queued or under way, or `timeout` has passed.
    /// - Returns: true when idle, false on timeout.
    func waitUntilIdle(timeout: Duration) -> Bool {
        let deadline = timeout.deadlineFromNow
        condition.lock()
        defer { condition.unlock() }
        while inFlight > 0 {
            if !condition.wait(until: deadline) { return inFlight == 0 }
        }
        return true
    }
}
