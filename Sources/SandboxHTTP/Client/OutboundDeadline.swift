import Foundation

/// When a step of an exchange must end: its own timeout from now, or the whole exchange's if that comes first.
struct OutboundDeadline {
    /// Monotonic milliseconds.
    let at: Int64
    /// The timeout that set `at`, for the error message.
    let milliseconds: Int

    init(milliseconds: Int) {
        self.at = SystemCall.monotonicMilliseconds() + Int64(milliseconds)
        self.milliseconds = milliseconds
    }

    init(milliseconds: Int, or total: OutboundDeadline?) {
        let own = OutboundDeadline(milliseconds: milliseconds)
        self = total.map { $0.at < own.at ? $0 : own } ?? own
    }
}
