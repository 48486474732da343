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

    /// The mode, changed under its lock (a change reads the mode it changes).
    private let mode: Locked<Mode>
    /// The mode as one word, for reading without the lock (every request reads the clock): the offset or the
    /// instant in milliseconds shifted left by one, the lowest bit set when frozen. Written under `mode`'s lock.
    private let published: Atomic<Int64>

    /// Creates a clock, running at wall time or frozen at an instant.
    public init(frozenAt: Timestamp? = nil) {
        let initial = frozenAt.map(Mode.frozen) ?? .running(offset: 0)
        mode = Locked(initial)
        published = Atomic(Self.word(initial))
    }

    private static func word(_ mode: Mode) -> Int64 {
        switch mode {
        case .running(let offset): offset &<< 1
        case .frozen(let instant): instant.milliseconds &<< 1 | 1
        }
    }

    private var current: Mode {
        let word = published.load(ordering: .acquiring)
        return word & 1 == 0 ? .running(offset: word >> 1) : .frozen(Timestamp(milliseconds: word >> 1))
    }

    /// Changes the mode and publishes it.
    private func change(_ body: (inout Mode) -> Void) {
        mode.withLock { mode in
            body(&mode)
            published.store(Self.word(mode), ordering: .releasing)
        }
    }

    /// The wall clock, in milliseconds since the epoch.
    public static func wallNow() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    /// The current sandbox time; a running clock stops at `Timestamp.latest` (set near the end of year 9999, it
    /// would otherwise run on into a year the rest of the sandbox cannot write).
    public func now() -> Timestamp {
        switch current {
        case .running(let offset): Self.wallNow().adding(milliseconds: offset)
        case .frozen(let instant): instant
        }
    }

    /// Whether the clock is frozen.
    public var isFrozen: Bool {
        if case .frozen = current { return true }
        return false
    }

    /// Freezes at the current instant, or lets a frozen clock run on from where it stands.
    public func setFrozen(_ frozen: Bool) {
        change { mode in
            switch (mode, frozen) {
            case (.running(let offset), true):
                mode = .frozen(Self.wallNow().adding(milliseconds: offset))
            case (.frozen(let instant), false):
                mode = .running(offset: instant.milliseconds - Self.wallNow().milliseconds)
            default: break
            }
        }
    }

    /// The mode as stored in a data folder.
    var setting: ClockSetting {
        switch current {
        case .running(let offset): ClockSetting(frozenAt: nil, offsetMilliseconds: offset)
        case .frozen(let instant): ClockSetting(frozenAt: instant, offsetMilliseconds: 0)
        }
    }

    /// Puts the clock back in a stored mode (a restarted durable sandbox).
    func restore(_ setting: ClockSetting) {
        change { $0 = setting.frozenAt.map(Mode.frozen) ?? .running(offset: setting.offsetMilliseconds) }
    }

    /// Moves the clock to `instant`, keeping it frozen or running as it was.
    public func set(_ instant: Timestamp) {
        change { mode in
            switch mode {
            case .running: mode = .running(offset: instant.milliseconds - Self.wallNow().milliseconds)
            case .frozen: mode = .frozen(instant)
            }
        }
    }
}
