import Foundation

extension Duration {
    /// Whole milliseconds, rounded down, never negative, at most `Int64.max`: how sandbox time and wall-clock
    /// waits count.
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        let (total, carried) = whole.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return overflow || carried ? .max : max(0, total)
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
