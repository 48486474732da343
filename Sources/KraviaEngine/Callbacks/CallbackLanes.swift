import Foundation
import SandboxSupport

/// Orders callback attempts without a thread per lane: one lane per transaction, created on demand and dropped
/// when idle. An attempt starts when the one before it on its lane has finished, so one transaction's callbacks
/// go out in the order they fell due, while a merchant URL that never answers delays neither other
/// transactions nor the API.
final class CallbackLanes: @unchecked Sendable {
    /// Starts an attempt; it calls `finished` once, on any thread, when its outcome is recorded.
    typealias Work = @Sendable (_ finished: @escaping @Sendable () -> Void) -> Void

    // Guards `lanes` and `inFlight`; also the condition `waitUntilIdle` sleeps on.
    private let condition = NSCondition()
    /// The attempts waiting behind the one under way, per lane; a lane with an attempt under way is present.
    private var lanes: [String: [Work]] = [:]
    private var inFlight = 0

    /// Queues `work` on the lane `key`, starting it at once when the lane is idle; it counts as in flight from
    /// now until it calls `finished`.
    func submit(lane key: String, _ work: @escaping Work) {
        condition.lock()
        inFlight += 1
        let busy = lanes[key] != nil
        if busy { lanes[key]?.append(work) } else { lanes[key] = [] }
        condition.unlock()
        if !busy { start(work, lane: key) }
    }

    private func start(_ work: Work, lane key: String) {
        work { [self] in finished(lane: key) }
    }

    private func finished(lane key: String) {
        condition.lock()
        inFlight -= 1
        let next = lanes[key]?.first
        if next == nil { lanes[key] = nil } else { lanes[key]?.removeFirst() }
        condition.broadcast()
        condition.unlock()
        if let next { start(next, lane: key) }
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
