import Foundation
import SandboxSupport

/// A data folder (`--data DIR`) opened by a sandbox: its lock taken, what it holds read back.
///
/// Layout: `lock` (the pid of the sandbox using it), `snapshot.kss` (everything as of one log record),
/// `log-<first sequence>.ksl` (the write-ahead log after it), and `journal.ndjson` when no `--journal` is given.
final class DataFolder: Sendable {
    let directory: String
    let stored: StoredState
    let snapshotThreshold: Int
    private let lock: DataLock

    /// Opens `directory` (created when missing) for `configuration`'s sandbox.
    init(opening directory: String, configuration: SandboxConfiguration) throws(StorageError) {
        try Self.create(directory)
        self.directory = directory
        self.lock = try DataLock(directory: directory)
        self.stored = try StoredState.read(directory, repair: true, warn: configuration.storageWarning)
        self.snapshotThreshold = max(1, configuration.snapshotThreshold)
    }

    /// The log going on from what was read.
    func startLog(processState: @escaping @Sendable () -> ProcessState) throws(StorageError) -> StateLog {
        try StateLog(
            directory: directory, lastSequence: stored.lastSequence, segmentFirst: stored.segmentFirst,
            snapshotThreshold: snapshotThreshold, lastSnapshot: stored.snapshot, processState: processState)
    }

    /// Lets another sandbox open the folder.
    func release() {
        lock.release()
    }

    /// Bytes the folder's files take.
    var bytesOnDisk: Int {
        ((try? DataFile.names(in: directory)) ?? []).reduce(0) { $0 + DataFile.size(directory + "/" + $1) }
    }

    /// Creates `directory` and its parents when missing.
    static func create(_ directory: String) throws(StorageError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError("cannot create the data folder \(directory): \(error.localizedDescription)")
        }
    }
}
