@preconcurrency import Glibc
import Foundation
import SandboxHTTP
import SandboxSupport
import Synchronization

/// The write-ahead log of a durable sandbox and its snapshots.
///
/// Operations append records (numbered, with the clock and id positions of the moment); a request waits until
/// its record is on disk before it answers (an *awaited* record). A waiting request that finds no one at the
/// file takes a turn itself: it writes everything appended so far with one `pwrite` and one `fdatasync`, then
/// wakes the others (group commit: the requests appended meanwhile share the next turn's sync, taken by one of
/// them) — no hand-off to another thread and back on the way to an answer. Records no one waits for (a
/// callback's attempt and outcome, a due job) are taken along by the next turn, or written by a writer thread
/// when none comes within `unawaitedDelay`; they are synced only by a sync someone waits for (a sync makes
/// everything written before it durable), and a crash that loses them redoes their work. The writer thread also
/// moves the log to a new file for a snapshot and writes what is left when the log closes.
///
/// Once enough was written since the last snapshot a turn starts a new one in the background: the ledger is
/// copied under its lock (copy-on-write, so requests go on at once), the log moves on to a new file, the
/// snapshot is written to a temporary file, synced and renamed into place, and the older log files removed.
///
/// Lock order: the ledger's lock → this log's monitor → the leaves it reads (the clock, the id generators,
/// the token store). Nothing waits on its conditions while holding another lock.
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

    /// The last sequence appended, the last awaited one appended and the last on disk, readable without the
    /// monitor: a read whose view is already on disk (the usual case) takes no lock here.
    private let appendedMark = Atomic<UInt64>(0)
    private let awaitedMark = Atomic<UInt64>(0)
    private let durableMark = Atomic<UInt64>(0)

    // Guarded by `monitor`. The writer thread waits on `workArrived` (records no one waits for, rotations, the
    // close, what a turn left); everyone else on `progressed` (a turn over, the writer gone, a snapshot done):
    // an append wakes no waiter, and a turn wakes only those waiting.
    private let monitor: Monitor
    private let workArrived: Monitor.Condition
    private let progressed: Monitor.Condition
    private var pending: [LogRecord] = []
    private var nextSequence: UInt64
    /// The last sequence written to the file (synced or not), the last synced, and the highest one someone
    /// waits for: a turn syncs while `wantedSequence > durableSequence`.
    private var writtenSequence: UInt64
    private var durableSequence: UInt64
    private var wantedSequence: UInt64
    private var rotationRequested: UInt64?
    private var rotatedAt: UInt64 = 0
    private var failure: StorageError?
    private var stopped = false
    /// Set for good by `close()`: the sandbox is gone, and a late callback result has nowhere to go.
    private var closed = false
    private var writerRunning = false
    /// Whether someone is at the file (the writer thread or a waiting request): one turn at a time.
    private var turnTaken = false
    private var bytesSinceSnapshot = 0
    private var bytesWritten = 0
    private var snapshotRunning = false
    private var figures: SnapshotFigures?
    private var capture: (@Sendable () -> Capture?)?

    /// The file being written: only whoever has the turn (`turnTaken`) touches it.
    private var segment: OpenLogSegment

    /// A log going on after `lastSequence`, appending to the segment starting at `segmentFirst` (created when
    /// missing).
    init(
        directory: String, lastSequence: UInt64, segmentFirst: UInt64, snapshotThreshold: Int,
        lastSnapshot: SnapshotFigures?, processState: @escaping @Sendable () -> ProcessState
    ) throws(StorageError) {
        let monitor = Monitor()
        self.monitor = monitor
        self.workArrived = Monitor.Condition(monitor)
        self.progressed = Monitor.Condition(monitor)
        self.directory = directory
        self.snapshotThreshold = snapshotThreshold
        self.processState = processState
        self.nextSequence = lastSequence + 1
        self.writtenSequence = lastSequence
        self.durableSequence = lastSequence
        self.wantedSequence = lastSequence
        self.rotatedAt = lastSequence
        self.figures = lastSnapshot
        appendedMark.store(lastSequence, ordering: .releasing)
        awaitedMark.store(lastSequence, ordering: .releasing)
        durableMark.store(lastSequence, ordering: .releasing)
        segment = try OpenLogSegment(directory: directory, firstSequence: segmentFirst)
    }

    /// Gives the log what snapshots are taken from: called once by the sandbox, holding it weakly.
    func attach(capture: @escaping @Sendable () -> Capture?) {
        monitor.lock()
        self.capture = capture
        monitor.unlock()
    }

    /// Appends a record; returns its sequence number, for `waitUntilDurable(_:)`. An `awaited` record is one its
    /// caller waits for (it answers with it): the turn that writes it syncs it, and reads wait for it.
    func append(ledger: LedgerRecord?, tokens: [AccessToken] = [], awaited: Bool) -> UInt64 {
        monitor.lock()
        defer { monitor.unlock() }
        guard !closed else { return 0 }
        let sequence = nextSequence
        nextSequence += 1
        appendedMark.store(sequence, ordering: .releasing)
        if awaited {
            wantedSequence = sequence
            awaitedMark.store(sequence, ordering: .releasing)
        }
        pending.append(LogRecord(sequence: sequence, ledger: ledger, tokens: tokens, process: processState()))
        startWriterIfNeeded()
        // An awaited record is written by its own waiter's turn (or one under way), which takes everything pending
        // along; the writer thread is told of the first record no one waits for, to write it should no turn come.
        if !awaited && pending.count == 1 { workArrived.signal() }
        return sequence
    }

    /// The last sequence appended.
    var lastAppended: UInt64 {
        appendedMark.load(ordering: .acquiring)
    }

    /// The last awaited sequence appended: a read waits for it, so it never answers with what a request
    /// acknowledges only once it is on disk.
    var lastAwaited: UInt64 {
        awaitedMark.load(ordering: .acquiring)
    }

    /// Blocks until record `sequence` (and everything before it) is on disk.
    ///
    /// A sandbox that cannot write its log cannot keep what it acknowledges: it stops (exit code 74), saying why.
    func waitUntilDurable(_ sequence: UInt64) {
        if durableMark.load(ordering: .acquiring) >= sequence { return }
        monitor.lock()
        defer { monitor.unlock() }
        wantedSequence = max(wantedSequence, sequence)
        while durableSequence < sequence && failure == nil {
            if turnTaken {
                progressed.wait()
            } else {
                turnTaken = true
                takeTurn()
            }
        }
        if let failure { Self.stop(failure) }
    }

    /// Log bytes written since this log was opened (older files removed after a snapshot still count).
    var bytesLogged: Int {
        monitor.lock()
        defer { monitor.unlock() }
        return bytesWritten
    }

    /// The last snapshot's figures.
    var lastSnapshot: SnapshotFigures? {
        monitor.lock()
        defer { monitor.unlock() }
        return figures
    }

    /// Writes what is pending and ends the writer for good, once a snapshot under way is done: the sandbox is
    /// released, its folder free again.
    func close() {
        monitor.lock()
        closed = true
        stopped = true
        workArrived.signal()
        while writerRunning || turnTaken || snapshotRunning { progressed.wait() }
        // Everything is synced: the file ends at its last record again (should that fail, the next start cuts
        // the zeros off).
        try? segment.finish()
        monitor.unlock()
    }

    /// Called with the ledger locked: marks the record boundary a snapshot is taken at, asks the writer to
    /// move to a new file after it, and returns `body`'s capture of everything at that boundary.
    func snapshotBoundary(_ body: (UInt64, ProcessState) -> Capture) -> Capture {
        monitor.lock()
        defer { monitor.unlock() }
        let last = nextSequence - 1
        rotationRequested = last
        bytesSinceSnapshot = 0
        startWriterIfNeeded()
        workArrived.signal()
        return body(last, processState())
    }

    /// Takes a snapshot now and removes the log files it makes unnecessary; waits for one under way first.
    func takeSnapshot() throws(StorageError) {
        monitor.lock()
        while snapshotRunning { progressed.wait() }
        guard !closed else {
            monitor.unlock()
            return
        }
        snapshotRunning = true
        let capture = self.capture
        monitor.unlock()
        defer {
            monitor.lock()
            snapshotRunning = false
            progressed.broadcast()
            monitor.unlock()
        }
        guard let taken = capture?() else { return }
        monitor.lock()
        while rotatedAt < taken.lastSequence && failure == nil && !closed { progressed.wait() }
        let failed = failure
        // A closing log takes no new snapshot: its files hold everything, and its folder is about to be let go
        // (another sandbox reading it while this one renamed and removed files could miss records).
        let gone = closed
        monitor.unlock()
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
        monitor.lock()
        figures = SnapshotFigures(
            takenAt: image.takenAt, lastSequence: taken.lastSequence, bytes: bytes.count,
            milliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        monitor.unlock()
    }

    // MARK: - The writer

    private func startWriterIfNeeded() {
        guard !writerRunning, !closed else { return }
        writerRunning = true
        stopped = false
        let thread = Thread(named: "kravia-statelog") { [self] in runWriter() }
        thread.start()
    }

    /// How long records no one waits for may stay pending for a request's turn to take them along, before the
    /// writer thread writes them itself (one wake-up of the writer fewer per callback record).
    static let unawaitedDelay = Duration.milliseconds(5)

    private func runWriter() {
        monitor.lock()
        defer { monitor.unlock() }
        while true {
            let urgent = rotationRequested != nil || stopped
            if failure != nil || (stopped && pending.isEmpty && writtenSequence == durableSequence && !turnTaken) {
                // Only `close()` (which then cuts the file's zeros off) or a failure stops the writer.
                writerRunning = false
                progressed.broadcast()
                return
            }
            if urgent && !turnTaken {
                turnTaken = true
                takeTurn()
            } else if pending.isEmpty && !urgent {
                workArrived.wait()
            } else {
                // Records pending (or urgent work behind a turn): a request's turn takes them along, or the writer
                // takes what is still there after a moment.
                let head = pending.first?.sequence
                workArrived.wait(upTo: Self.unawaitedDelay)
                if !turnTaken, let first = pending.first?.sequence, first == head {
                    turnTaken = true
                    takeTurn()
                }
            }
        }
    }

    /// One turn at the file, by whoever set `turnTaken`; called with `monitor` held, which is released while the
    /// file is written. Everything pending is written, and synced when someone waits for it (or the log moves to
    /// a new file, or closes); a failure is kept for every waiter.
    private func takeTurn() {
        let batch = pending
        pending = []
        let rotation = rotationRequested
        // Everything is synced when the writer stops, so a closed log leaves nothing only written.
        let syncAll = stopped
        monitor.unlock()
        var wantsSnapshot = false
        do {
            let written = try write(batch, rotatingAfter: rotation)
            monitor.lock()
            if let last = batch.last { writtenSequence = last.sequence }
            let sync = rotation != nil || syncAll || needsSync
            let syncing = writtenSequence
            monitor.unlock()
            if sync { try segment.sync() }
            monitor.lock()
            if sync {
                durableSequence = syncing
                durableMark.store(syncing, ordering: .releasing)
            }
            if let rotation {
                rotatedAt = rotation
                if rotationRequested == rotation { rotationRequested = nil }
            }
            bytesSinceSnapshot += written
            bytesWritten += written
            wantsSnapshot = bytesSinceSnapshot >= snapshotThreshold && !snapshotRunning
            if wantsSnapshot { bytesSinceSnapshot = 0 }
        } catch {
            monitor.lock()
            failure = error
        }
        turnTaken = false
        progressed.broadcast()
        if rotationRequested != nil || stopped || failure != nil { workArrived.signal() }
        if wantsSnapshot { snapshotInBackground() }
    }

    /// Whether someone waits for a record that is written but not yet synced (with `monitor` held).
    private var needsSync: Bool {
        wantedSequence > durableSequence && writtenSequence > durableSequence
    }

    /// Writes `batch` (those after `rotation` into a new file, the older one finished before it is closed); the
    /// bytes written. The caller syncs what is in the current file.
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
        if !before.isEmpty { try segment.append(before) }
        if let rotation, rotation + 1 != segment.firstSequence {
            try segment.finish()
            segment = try OpenLogSegment(directory: directory, firstSequence: rotation + 1)
        }
        if !after.isEmpty { try segment.append(after) }
        return before.count + after.count
    }

    private func snapshotInBackground() {
        let thread = Thread(named: "kravia-snapshot") { [self] in
            do {
                try takeSnapshot()
            } catch {
                FileHandle.standardError.write(Data("kravia-sandbox: snapshot failed: \(error)\n".utf8))
            }
        }
        thread.start()
    }

    private static func stop(_ failure: StorageError) -> Never {
        FileHandle.standardError.write(
            Data("kravia-sandbox: cannot write the data folder, stopping: \(failure)\n".utf8))
        exit(74)
    }
}
