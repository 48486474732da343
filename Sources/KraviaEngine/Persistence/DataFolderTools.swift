import SandboxSupport

/// `kravia-sandbox data inspect|compact DIR`: what a data folder holds, and a fresh snapshot written offline.
public enum DataFolderTools {
    /// A report of what `directory` holds: format version, files and sizes, and counts per account.
    ///
    /// Only reads: a torn last record is reported, not cut off, so a folder in use can be inspected.
    /// - Throws: `StorageError` for a damaged folder or one of a newer format.
    public static func inspect(_ directory: String) throws -> String {
        var warnings: [String] = []
        let stored = try StoredState.read(directory, repair: false) { warnings.append($0) }
        var lines = ["data folder \(directory)", "  format version \(StorageFormat.version)"]
        let total = stored.files.reduce(0) { $0 + $1.bytes }
        lines.append("  \(stored.files.count) files, \(total) bytes")
        for file in stored.files { lines.append("    \(file.name)  \(file.bytes) bytes") }
        if let snapshot = stored.snapshot {
            lines.append("  snapshot taken \(snapshot.takenAt.iso8601), up to record \(snapshot.lastSequence)")
        } else {
            lines.append("  no snapshot")
        }
        lines.append("  log records after it: \(stored.recordsReplayed), last record \(stored.lastSequence)")
        if let process = stored.process {
            let clock =
                process.clock.frozenAt.map { "frozen at \($0.iso8601)" }
                ?? "running, offset \(process.clock.offsetMilliseconds) ms"
            lines.append("  clock \(clock)")
        }
        let now = SandboxClock.wallNow()
        lines.append("  tokens \(stored.tokens.filter { now < $0.expiresAt }.count) valid")
        lines.append("  timeline jobs \(stored.ledger.timeline.count)")
        for book in stored.ledger.books {
            let counts = book.storedCounts.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let pending = book.deliveries.all.filter { $0.state == .pending }.count
            lines.append("  account \(book.account.id): \(counts), pending deliveries \(pending)")
        }
        for warning in warnings { lines.append("  warning: \(warning)") }
        return lines.joined(separator: "\n")
    }

    /// Writes a fresh snapshot of `directory` and removes its log: the folder then starts fastest. Refused while
    /// a sandbox uses the folder.
    /// - Returns: a one-line summary.
    /// - Throws: `StorageError` for a folder in use, damaged, or of a newer format.
    public static func compact(_ directory: String) throws -> String {
        let lock = try DataLock(directory: directory)
        defer { _ = lock }
        let stored = try StoredState.read(directory, repair: true) { _ in }
        guard let process = stored.process else { return "\(directory) holds nothing; left as it is" }
        let image = SnapshotImage(
            lastSequence: stored.lastSequence, ledger: stored.ledger, tokens: stored.tokens, process: process,
            takenAt: SandboxClock.wallNow())
        let before = stored.files.reduce(0) { $0 + $1.bytes }
        let bytes = try SnapshotFile.encode(image)
        try DataFile.replace(directory + "/" + SnapshotFile.name, with: bytes, directory: directory)
        for name in try DataFile.names(in: directory) where LogSegment.firstSequence(ofName: name) != nil {
            try DataFile.remove(directory + "/" + name)
        }
        return "\(directory): \(stored.recordsReplayed) log records folded into the snapshot; \(before) bytes before, "
            + "\(bytes.count) after"
    }
}
