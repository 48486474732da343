import Foundation

/// Waits for `condition` to hold, looking again each time the thread yields, at most `patience`: for events a
/// test can observe but not be called back on (an await registered, a runner's pass). Returns whether it held.
///
/// The patience is a safety net for a broken build, not a timing assertion: on a working one the condition
/// holds long before it.
public func eventually(patience: Duration = .seconds(60), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + patience
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        sched_yield()
    }
    return true
}
