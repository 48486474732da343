import Foundation
import SandboxSupport

/// What a data folder holds, read back: the snapshot, then the log after it.
struct StoredState: Sendable {
    var ledger: LedgerImage
    var tokens: [AccessToken]
    /// Nil when nothing was ever stored.
    var process: ProcessState?
    var lastSequence: UInt64
    /// The log file to go on appending to.
    var segmentFirst: UInt64
    var snapshot: StateLog.SnapshotFigures?
    var recordsReplayed: Int
    var replayMilliseconds: Double
    /// Bytes of each file read.
    var files: [(name: String, bytes: Int)]

    /// Whether the folder held nothing yet.
    var isEmpty: Bool { process == nil }

    /// Reads the folder `directory`.
    /// - Parameters:
    ///   - repair: cut a torn last record off the file (a sandbox starting, or compacting, holding the lock: its
    ///     files are mapped, not copied); false only reads (inspecting a folder that may be in use).
    ///   - warn: told of a torn last record.
    /// - Throws: `StorageError` for a damaged file, naming it with the offset, or one of a newer format.
    static func read(_ directory: String, repair: Bool, warn: (String) -> Void) throws(StorageError) -> StoredState {
        let started = ContinuousClock.now
        let names = try DataFile.names(in: directory)
        var files: [(String, Int)] = []
        var snapshot: SnapshotImage?
        let snapshotPath = directory + "/" + SnapshotFile.name
        if let file = try LoadedFile.load(snapshotPath, mapping: repair) {
            snapshot = try SnapshotFile.decode(file.bytes, path: snapshotPath)
            files.append((SnapshotFile.name, file.bytes.count))
        }
        var replay = LedgerReplay(snapshot: snapshot)
        let segments = names.compactMap { name in LogSegment.firstSequence(ofName: name).map { ($0, name) } }
            .sorted { $0.0 < $1.0 }
        var replayed = 0
        for (index, (_, name)) in segments.enumerated() {
            let path = directory + "/" + name
            guard let file = try LoadedFile.load(path, mapping: repair) else {
                // Listed, then gone: a snapshot of the sandbox using the folder removed it (inspecting), or —
                // with the lock held — something else did, and its records must not be silently skipped.
                if repair { throw StorageError("\(path): removed while the folder was being read") }
                continue
            }
            files.append((name, file.bytes.count))
            let contents = try LogSegment.read(file.bytes, path: path, isLast: index == segments.count - 1) { record in
                guard record.sequence > replay.lastSequence else { return }
                try replay.apply(record)
                replayed += 1
            }
            if let torn = contents.tornAt {
                warn(
                    "\(path): the last record (offset \(torn)) was cut short when the sandbox stopped; it was never "
                        + "acknowledged and is dropped")
            }
            // The log goes on at the end of its records: a torn one and the zeros laid out after them cut off.
            if repair && contents.end < contents.length { try DataFile.truncate(path, to: contents.end) }
        }
        let elapsed = ContinuousClock.now - started
        let figures = snapshot.map { image in
            StateLog.SnapshotFigures(
                takenAt: image.takenAt, lastSequence: image.lastSequence,
                bytes: DataFile.size(snapshotPath), milliseconds: 0)
        }
        let ledger = replay.image
        try checkCounters(lastSequence: replay.lastSequence, ledger: ledger, directory: directory)
        return StoredState(
            ledger: ledger, tokens: Array(replay.tokens.values), process: replay.process,
            lastSequence: replay.lastSequence, segmentFirst: segments.last?.0 ?? replay.lastSequence + 1,
            snapshot: figures, recordsReplayed: replayed,
            replayMilliseconds: Double(elapsed.components.seconds) * 1000
                + Double(elapsed.components.attoseconds) / 1e15,
            files: files)
    }

    /// The counters the sandbox goes on from must leave room to count on: a file can pass its checksum and still
    /// hold one at the end of its range (written by hand, or by something else), which would trap at the first
    /// increment instead of being refused here.
    private static func checkCounters(lastSequence: UInt64, ledger: LedgerImage, directory: String)
        throws(StorageError)
    {
        let roomy = Int.max / 2
        let counters: [(String, Int)] = [
            ("the last sequence number", lastSequence > UInt64(roomy) ? Int.max : Int(lastSequence)),
            ("the next timeline sequence", ledger.nextTimelineSequence),
            ("the next delivery sequence", ledger.globals.nextDeliverySequence),
        ]
        for (name, value) in counters where !(0...roomy).contains(value) {
            throw StorageError(
                "\(directory): \(name) is out of range (\(value)); the folder was not written by a sandbox")
        }
    }
}
