import Foundation

extension Duration {
    /// Whole milliseconds, rounded down, never negative: how sandbox time and wall-clock waits count.
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// The wall-clock instant this long from now, for condition waits.
    package var deadlineFromNow: Date {
        Date(timeIntervalSinceNow: Double(milliseconds) / 1000)
    }
}

extension Timestamp {
    /// The instant `duration` later.
    public func adding(_ duration: Duration) -> Timestamp {
        adding(milliseconds: duration.milliseconds)
    }
}
