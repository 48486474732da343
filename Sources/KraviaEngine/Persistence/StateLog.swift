import Foundation
@preconcurrency import Glibc
import SandboxSupport
import Synchronization

/// The write-ahead log of a durable sandbox and its snapshots.
///
/// Operations append records (numbered, with the clock and id positions of the moment) and wait until they
/// are on disk before they answer. One writer thread takes everything appended since its last write, writes it
/// with one `write` and one `fdatasync` (group commit: concurrent requests share the sync), and wakes the
/// waiters. Once enough was written since the last snapshot it takes a new one in the background: the ledger
/// is copied under its lock (copy-on-write, so requests go on at once), the log moves on to a new file, the
/// snapshot is written to a temporary file, synced and renamed into place, and the older log files removed.
///
/// Lock order: the ledger's lock → this log's condition → the leaves it reads (the clock, the id generators,
/// the token store). Nothing waits on the condition while holding another lock.
final class StateLog: @unchecked Sendable {
    /// Figures of the last snapshot, for `/__sandbox/health`.
    struct SnapshotFigures: Sendable {
        var takenAt: Timestamp
        var lastSequence: UInt64
        var bytes: Int
        var milliseconds: Double
    }

    /// What a snapshot is made of, captured with the ledger locked and the log at a record boundary.
    struct Capture: Sendable {
        var ledger: Ledger
        var tokens: [AccessToken]
        var process: ProcessState
        var lastSequence: UInt64
    }

    let directory: String
    /// Log bytes written since the last snapshot that make the writer take a new one.
    let snapshotThreshold: Int
    private let processState: @Sendable () -> ProcessState

    /// The last sequence appended and the last on disk, readable without the condition: a read whose
    /// view is already on disk (the usual case) takes no lock here.
    private let appendedMark = Atomic<UInt64>(0)
    private let durableMark = Atomic<UInt64>(0)

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [LogRecord] = []
    private var nextSequence: UInt64
    private var durableSequence: UInt64
    private var rotationRequested: UInt64?
    private var rotatedAt: UInt64 = 0
    private var failure: StorageError?
    private var stopped = false
    /// Set for good by `close()`: the sandbox is gone, and a late callback result has nowhere to go.
    private var closed = false
    private var writerRunning = false
    private var bytesSinceSnapshot = 0
    private var snapshotRunning = false
    private var figures: SnapshotFigures?
    private var capture: (@Sendable () -> Capture?)?

    // The writer thread's own.
    private var segmentFD: Int32 = -1
    private var segmentFirst: UInt64
    private var segmentPath = ""

    /// A log going on after `lastSequence`, appending to the segment starting at `segmentFirst` (created when
    /// missing).
    init(
        directory: String, lastSequence: UInt64, segmentFirst: UInt64, snapshotThreshold: Int,
        lastSnapshot: SnapshotFigures?, processState: @escaping @Sendable () -> ProcessState
    ) throws(StorageError) {
        self.directory = directory
        self.snapshotThreshold = snapshotThreshold
        self.processState = processState
        self.nextSequence = lastSequence + 1
        self.durableSequence = lastSequence
        self.rotatedAt = lastSequence
        self.segmentFirst = segmentFirst
        self.figures = lastSnapshot
        appendedMark.store(lastSequence, ordering: .releasing)
        durableMark.store(lastSequence, ordering: .releasing)
        try openSegment(firstSequence: segmentFirst)
    }

    deinit {
        if segmentFD >= 0 { Glibc.close(segmentFD) }
    }

    /// Gives the log what snapshots are taken from: called once by the sandbox, holding it weakly.
    func attach(capture: @escaping @Sendable () -> Capture?) {
        condition.lock()
        self.capture = capture
        condition.unlock()
    }

    /// Appends a record; returns its sequence number, for `waitUntilDurable(_:)`.
    func append(ledger: LedgerRecord?, tokens: [AccessToken] = []) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return 0 }
        let sequence = nextSequence
        nextSequence += 1
        appendedMark.store(sequence, ordering: .releasing)
        pending.append(LogRecord(sequence: sequence, ledger: ledger, tokens: tokens, process: processState()))
        startWriterIfNeeded()
        condition.broadcast()
        return sequence
    }

    /// The last sequence appended: a read waits for it, so it never answers with what is not on disk yet.
    var lastAppended: UInt64 {
        appendedMark.load(ordering: .acquiring)
    }

    /// Blocks until record `sequence` is on disk.
    ///
    /// A sandbox that cannot write its log cannot keep what it acknowledges: it stops (exit code 74), saying why.
    func waitUntilDurable(_ sequence: UInt64) {
        if durableMark.load(ordering: .acquiring) >= sequence { return }
        condition.lock()
        defer { condition.unlock() }
        while durableSequence < sequence && failure == nil { condition.wait() }
        if let failure { Self.stop(failure) }
    }

    /// The last snapshot's figures.
    var lastSnapshot: SnapshotFigures? {
        condition.lock()
        defer { condition.unlock() }
        return figures
    }

    /// Writes what is pending and ends the writer for good: the sandbox is released, its folder free again.
    func close() {
        condition.lock()
        closed = true
        stopped = true
        condition.broadcast()
        while writerRunning { condition.wait() }
        condition.unlock()
    }

    /// Called with the ledger locked: marks the record boundary a snapshot is taken at, asks the writer to
    /// move to a new file after it, and returns `body`'s capture of everything at that boundary.
    func snapshotBoundary(_ body: (UInt64, ProcessState) -> Capture) -> Capture {
        condition.lock()
        defer { condition.unlock() }
        let last = nextSequence - 1
        rotationRequested = last
        bytesSinceSnapshot = 0
        startWriterIfNeeded()
        condition.broadcast()
        return body(last, processState())
    }

    /// Takes a snapshot now and removes the log files it makes unnecessary; waits for one under way first.
    func takeSnapshot() throws(StorageError) {
        condition.lock()
        while snapshotRunning { condition.wait() }
        guard !closed else {
            condition.unlock()
            return
        }
        snapshotRunning = true
        let capture = self.capture
        condition.unlock()
        defer {
            condition.lock()
            snapshotRunning = false
            condition.broadcast()
            condition.unlock()
        }
        guard let taken = capture?() else { return }
        condition.lock()
        while rotatedAt < taken.lastSequence && failure == nil && !closed { condition.wait() }
        let failed = failure
        let gone = closed && rotatedAt < taken.lastSequence
        condition.unlock()
        if gone { return }
        if let failed { throw failed }
        let started = ContinuousClock.now
        let image = SnapshotImage(
            lastSequence: taken.lastSequence, ledger: taken.ledger.image, tokens: taken.tokens,
            process: taken.process, takenAt: SandboxClock.wallNow())
        let bytes: [UInt8]
        do {
            bytes = try SnapshotFile.encode(image)
        } catch {
            throw StorageError("snapshot of \(directory) does not encode: \(error)")
        }
        try DataFile.replace(directory + "/" + SnapshotFile.name, with: bytes, directory: directory)
        for name in try DataFile.names(in: directory) {
            if let first = LogSegment.firstSequence(ofName: name), first <= taken.lastSequence {
                try DataFile.remove(directory + "/" + name)
            }
        }
        let elapsed = ContinuousClock.now - started
        condition.lock()
        figures = SnapshotFigures(
            takenAt: image.takenAt, lastSequence: taken.lastSequence, bytes: bytes.count,
            milliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        condition.unlock()
    }

    // MARK: - The writer

    private func startWriterIfNeeded() {
        guard !writerRunning, !closed else { return }
        writerRunning = true
        stopped = false
        let thread = Thread { [self] in runWriter() }
        thread.name = "kravia-state-log"
        thread.start()
    }

    private func runWriter() {
        while true {
            condition.lock()
            while pending.isEmpty && rotationRequested == nil && !stopped { condition.wait() }
            if pending.isEmpty && rotationRequested == nil {
                writerRunning = false
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = pending
            pending = []
            let rotation = rotationRequested
            condition.unlock()
            do {
                let written = try write(batch, rotatingAfter: rotation)
                condition.lock()
                if let last = batch.last {
                    durableSequence = last.sequence
                    durableMark.store(last.sequence, ordering: .releasing)
                }
                if let rotation {
                    rotatedAt = rotation
                    if rotationRequested == rotation { rotationRequested = nil }
                }
                bytesSinceSnapshot += written
                let wantsSnapshot = bytesSinceSnapshot >= snapshotThreshold && !snapshotRunning
                if wantsSnapshot { bytesSinceSnapshot = 0 }
                condition.broadcast()
                condition.unlock()
                if wantsSnapshot { snapshotInBackground() }
            } catch {
                condition.lock()
                failure = error
                writerRunning = false
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }

    /// Writes `batch` (those after `rotation` into a new file), syncing before it returns; the bytes written.
    private func write(_ batch: [LogRecord], rotatingAfter rotation: UInt64?) throws(StorageError) -> Int {
        var before: [UInt8] = []
        var after: [UInt8] = []
        for record in batch {
            let framed: [UInt8]
            do {
                framed = try LogSegment.frame(record)
            } catch {
                throw StorageError("log record \(record.sequence) does not encode: \(error)")
            }
            if let rotation, record.sequence > rotation {
                after.append(contentsOf: framed)
            } else {
                before.append(contentsOf: framed)
            }
        }
        if !before.isEmpty {
            try DataFile.write(segmentFD, before, path: segmentPath)
            try DataFile.syncData(segmentFD, path: segmentPath)
        }
        if let rotation, rotation + 1 != segmentFirst {
            Glibc.close(segmentFD)
            segmentFD = -1
            try openSegment(firstSequence: rotation + 1)
        }
        if !after.isEmpty {
            try DataFile.write(segmentFD, after, path: segmentPath)
            try DataFile.syncData(segmentFD, path: segmentPath)
        }
        return before.count + after.count
    }

    private func openSegment(firstSequence: UInt64) throws(StorageError) {
        let path = directory + "/" + LogSegment.name(firstSequence: firstSequence)
        let isNew = DataFile.size(path) == 0
        let fd = try DataFile.openForAppend(path)
        if isNew {
            do throws(StorageError) {
                try DataFile.write(fd, StorageFormat.header(magic: StorageFormat.logMagic), path: path)
                try DataFile.syncData(fd, path: path)
                try DataFile.syncDirectory(directory)
            } catch {
                Glibc.close(fd)
                throw error
            }
        }
        segmentFD = fd
        segmentFirst = firstSequence
        segmentPath = path
    }

    private func snapshotInBackground() {
        let thread = Thread { [self] in
            do {
                try takeSnapshot()
            } catch {
                FileHandle.standardError.write(Data("kravia-sandbox: snapshot failed: \(error)\n".utf8))
            }
        }
        thread.name = "kravia-snapshot"
        thread.start()
    }

    private static func stop(_ failure: StorageError) -> Never {
        FileHandle.standardError.write(
            Data("kravia-sandbox: cannot write the data folder, stopping: \(failure)\n".utf8))
        exit(74)
    }
}
