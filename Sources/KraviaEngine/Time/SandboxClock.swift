import SandboxHTTP
import Foundation
import SandboxSupport
import Synchronization

/// Sandbox time: follows the wall clock by default; can be frozen, set and advanced by tests.
public final class SandboxClock: Sendable {
    /// How the clock runs.
    public enum Mode: Sendable, Equatable {
        /// Wall time plus an offset in milliseconds (advancing a running clock grows the offset).
        case running(offset: Int64)
        /// Stopped at a fixed instant.
        case frozen(Timestamp)
    }

    private let mode: Locked<Mode>

    /// Creates a clock, running at wall time or frozen at an instant.
    public init(frozenAt: Timestamp? = nil) {
        mode = Locked(frozenAt.map(Mode.frozen) ?? .running(offset: 0))
    }

    /// The wall clock, in milliseconds since the epoch.
    public static func wallNow() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    /// The current sandbox time.
    public func now() -> Timestamp {
        switch mode.withLock({ $0 }) {
        case .running(let offset): Timestamp(milliseconds: Self.wallNow().milliseconds + offset)
        case .frozen(let instant): instant
        }
    }

    /// Whether the clock is frozen.
    public var isFrozen: Bool {
        if case .frozen = mode.withLock({ $0 }) { return true }
        return false
    }

    /// Freezes at the current instant, or lets a frozen clock run on from where it stands.
    public func setFrozen(_ frozen: Bool) {
        mode.withLock { mode in
            switch (mode, frozen) {
            case (.running(let offset), true):
                mode = .frozen(Timestamp(milliseconds: Self.wallNow().milliseconds + offset))
            case (.frozen(let instant), false):
                mode = .running(offset: instant.milliseconds - Self.wallNow().milliseconds)
            default: break
            }
        }
    }

    /// The mode as stored in a data folder.
    var setting: ClockSetting {
        switch mode.withLock({ $0 }) {
        case .running(let offset): ClockSetting(frozenAt: nil, offsetMilliseconds: offset)
        case .frozen(let instant): ClockSetting(frozenAt: instant, offsetMilliseconds: 0)
        }
    }

    /// Puts the clock back in a stored mode (a restarted durable sandbox).
    func restore(_ setting: ClockSetting) {
        mode.withLock { $0 = setting.frozenAt.map(Mode.frozen) ?? .running(offset: setting.offsetMilliseconds) }
    }

    /// Moves the clock to `instant`, keeping it frozen or running as it was.
    public func set(_ instant: Timestamp) {
        mode.withLock { mode in
            switch mode {
            case .running: mode = .running(offset: instant.milliseconds - Self.wallNow().milliseconds)
            case .frozen: mode = .frozen(instant)
            }
        }
    }
}
