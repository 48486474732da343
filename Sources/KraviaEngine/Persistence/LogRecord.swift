import SandboxSupport

/// One entry of the write-ahead log: what an operation changed, with the sandbox's state outside the ledger
/// as it stood when the entry was appended (so the last entry replayed leaves clock and ids where they were).
struct LogRecord: Sendable, Codable {
    /// Numbers the log's entries from 1, without gaps; a snapshot says up to which one it holds.
    var sequence: UInt64
    var ledger: LedgerRecord?
    /// Tokens issued or changed.
    var tokens: [AccessToken]
    var process: ProcessState
}

/// What the sandbox holds outside the ledger and its token store: the clock and the id generators' positions.
struct ProcessState: Sendable, Codable {
    var clock: ClockSetting
    var ids: [UInt64]
    var callbackIds: [UInt64]
}

/// The clock's mode as stored: frozen at an instant, or running at an offset from wall time.
struct ClockSetting: Sendable, Codable, Equatable {
    var frozenAt: Timestamp?
    var offsetMilliseconds: Int64
}

/// What a snapshot file holds: everything, as of log entry `lastSequence`.
struct SnapshotImage: Sendable, Codable {
    var lastSequence: UInt64
    var ledger: LedgerImage
    var tokens: [AccessToken]
    var process: ProcessState
    /// Wall time it was taken.
    var takenAt: Timestamp
}

/// A stored state that cannot be replayed: the log and the snapshot disagree.
struct ReplayError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
