@preconcurrency import Glibc
import Foundation
import SandboxHTTP
import SandboxSupport
import Synchronization

/// Writes journal entries to the NDJSON file and log lines to stderr on its own thread, in the order queued.
///
/// Recording only queues the entry; serialising and the system calls happen here, so a slow disk or a full pipe
/// never holds up a request. Queueing is an append under a lock of its own (`WriterQueue`); the thread is woken only
/// when it sleeps with nothing queued, then gathers for up to `batchWindow` before writing: under load a thousand
/// requests cost one wake-up, not a thousand. Each journal line still goes out with its own `write(2)` on an
/// `O_APPEND` descriptor, with no user-space buffer across entries: a `kill -9` loses at most the entries of the last
/// window and never leaves half a line that a later entry continues. Log lines are held across windows until
/// `logWriteSize` bytes gather or the oldest has waited `logHoldWindow`: appending to a file, the kernel's cost per line
/// fell by half from 25 KB writes to 400 KB ones, and under load the writes of every 2-ms window were a third of this
/// thread's time. With no journal file the woken thread gathers until the first line is due (`gatheringDeadline()`),
/// not for a window.
final class JournalWriter: @unchecked Sendable {
    private struct Item {
        var entry: JournalEntry
        /// False for requests that are logged but not journaled (journal reads).
        var journaled: Bool
    }

    /// The NDJSON file, as configured.
    let filePath: String?
    private let fileDescriptor: Int32?
    private let log: LogFormat?
    /// Where log lines go: stderr, unless a test says otherwise.
    private let logDescriptor: Int32
    private let queue = WriterQueue<Item>()
    /// Whether the thread sleeps for want of entries: only then does queueing one wake it.
    private let sleeping = Atomic<Bool>(false)
    /// Set by `close()`: later entries are dropped, and the thread stops once it has written what is queued.
    private let closed = Atomic<Bool>(false)
    /// Set by `forgetMemos()` until the thread has dropped its memos.
    private let forgetting = Atomic<Bool>(false)
    /// What the thread sleeps on: for entries, for the end of a batch window, for `forgetMemos()` or `close()`.
    private let wake = NSCondition()
    /// Guards `written` and `finished`, which `waitUntilWritten` waits on (and `forgetMemos()` on the thread).
    private let progress = NSCondition()
    /// The journaled entries written (by sequence number).
    private var written = WrittenSequence()
    /// Whether the thread has stopped.
    private var finished = false
    /// The writer thread's memo of the last body it skimmed (polled transactions are the same bytes each time).
    private let memo = SkimMemo()
    /// The writer thread's memo of text log lines per connection (a poll's line differs only in time and duration).
    private let lines = TextLogLineMemo()
    /// The writer thread's memo of the last second a log line's timestamp fell in.
    private var seconds = ISO8601SecondMemo()
    /// The writer thread's buffer of log lines not yet written, kept with its capacity from write to write.
    private var logLines = LogLineBuffer()
    /// When the log lines held must be written at the latest; nil while none are held.
    private var logDeadline: Date?
    /// The writer thread's list of the journaled entries of the batch it writes.
    private var journaledSeqs: [Int] = []
    /// The most log-line capacity kept from one batch to the next (bytes). A 20-ms batch of GETs at 90,000 a second is
    /// ~400 KB of lines, and the buffer grows by doubling: at 1 MB a larger batch now and then let it go, and growing it
    /// again from nothing, page by fresh page, put `clear_page` alone at 7 % of the writer's samples (`perf`).
    static let keptLogCapacity = 4 << 20
    /// How long the woken thread gathers entries before writing them.
    static let batchWindow: TimeInterval = 0.002
    /// How many bytes of log lines are written at once, at most `logHoldWindow` after the first of them was made.
    static let logWriteSize = 128 * 1024
    /// How long a log line is held at most, for more to be written with it.
    static let logHoldWindow: TimeInterval = 0.020
    /// How long `close()` waits for the thread to write what is queued (stderr may be a pipe nobody reads).
    static let closeTimeout: TimeInterval = 5

    /// Opens the file for appending (creating it) and starts the thread.
    /// - Throws: a description of why the file cannot be opened.
    init(filePath: String?, log: LogFormat?, logDescriptor: Int32 = STDERR_FILENO) throws(JournalFileError) {
        self.filePath = filePath
        self.log = log
        self.logDescriptor = logDescriptor
        if let filePath {
            let descriptor = open(filePath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw JournalFileError(path: filePath, reason: String(cString: strerror(errno)))
            }
            fileDescriptor = descriptor
        } else {
            fileDescriptor = nil
        }
        let thread = Thread(named: "kravia-journal") { [self] in run() }
        thread.start()
    }

    /// Queues an entry for the file (when `journaled`) and the log.
    func enqueue(_ entry: consuming JournalEntry, journaled: Bool) {
        guard journaled ? (fileDescriptor != nil || log != nil) : log != nil,
            !closed.load(ordering: .relaxed)
        else { return }
        queue.add(Item(entry: entry, journaled: journaled))
        // After adding, as the thread says it sleeps before it looks at the queue (the flag sequentially consistent,
        // the queue read under its lock): either it sees this entry or this sees it asleep. The exchange lets one
        // request of many wake it.
        if sleeping.load(ordering: .sequentiallyConsistent),
            sleeping.exchange(false, ordering: .sequentiallyConsistent)
        {
            wake.lock()
            wake.signal()
            wake.unlock()
        }
    }

    /// Blocks until every journaled entry up to `seq` is in the file (or the writer stopped).
    func waitUntilWritten(through seq: Int) {
        progress.lock()
        while written.through < seq, !finished { progress.wait() }
        progress.unlock()
    }

    /// Blocks until the thread has dropped what its memos hold (or has stopped): a reset of the sandbox, after
    /// which what they held is garbage whose memory the reset gives back. Each slot held a connection's header
    /// list, and an inference's bodies or a line, allocated at different times all over the heap: kept, they held
    /// the pages around them (a 3-minute soak, 2 s after its reset: 253 MiB resident with them, 94 MiB without).
    func forgetMemos() {
        wake.lock()
        forgetting.store(true, ordering: .sequentiallyConsistent)
        wake.broadcast()
        wake.unlock()
        progress.lock()
        while forgetting.load(ordering: .sequentiallyConsistent), !finished { progress.wait() }
        progress.unlock()
    }

    /// Writes what is queued, then stops the thread and closes the file; returns once it has (or after
    /// `closeTimeout`, when a write is stuck).
    func close() {
        wake.lock()
        closed.store(true, ordering: .sequentiallyConsistent)
        wake.broadcast()
        wake.unlock()
        let deadline = Date(timeIntervalSinceNow: Self.closeTimeout)
        progress.lock()
        while !finished, progress.wait(until: deadline) {}
        progress.unlock()
    }

    private func run() {
        while true {
            wake.lock()
            sleeping.store(true, ordering: .sequentiallyConsistent)
            var logDue = false
            while queue.isEmpty, sleeping.load(ordering: .sequentiallyConsistent),
                !closed.load(ordering: .sequentiallyConsistent), !forgetting.load(ordering: .sequentiallyConsistent)
            {
                guard let logDeadline else {
                    wake.wait()
                    continue
                }
                if !wake.wait(until: logDeadline) {
                    logDue = true
                    break
                }
            }
            sleeping.store(false, ordering: .sequentiallyConsistent)
            if logDue {
                wake.unlock()
                writeLogLines()
                continue
            }
            if forgetting.load(ordering: .sequentiallyConsistent) {
                wake.unlock()
                forgetMemosNow()
                continue
            }
            // Gather what arrives in the window (close() cuts it short).
            if !closed.load(ordering: .sequentiallyConsistent) {
                _ = wake.wait(until: gatheringDeadline())
            }
            wake.unlock()
            if writeQueued() == 0 {
                if closed.load(ordering: .sequentiallyConsistent) { break }
                continue
            }
            progress.lock()
            for seq in journaledSeqs { written.insert(seq) }
            journaledSeqs.removeAll(keepingCapacity: true)
            progress.broadcast()
            progress.unlock()
        }
        writeLogLines()
        progress.lock()
        finished = true
        progress.broadcast()
        progress.unlock()
        if let fileDescriptor { Glibc.close(fileDescriptor) }
    }

    /// Until when the woken thread gathers entries: `batchWindow` with a journal file, whose lines go out one window
    /// after their request; with only the log, until the lines held are due (`logHoldWindow` after the first), as
    /// they would wait that long anyway. Under load the thread then wakes once per write of the log, not once per
    /// 2-ms window: its sleeps and wake-ups were a fifth of its CPU time (`perf`, `wrk -t2 -c64`).
    private func gatheringDeadline() -> Date {
        if fileDescriptor != nil { return Date(timeIntervalSinceNow: Self.batchWindow) }
        if let logDeadline { return logDeadline }
        let deadline = Date(timeIntervalSinceNow: Self.logHoldWindow)
        logDeadline = deadline
        return deadline
    }

    /// Drops what the memos hold and lets `forgetMemos()` return.
    private func forgetMemosNow() {
        memo.forget()
        lines.forget()
        progress.lock()
        forgetting.store(false, ordering: .sequentiallyConsistent)
        progress.broadcast()
        progress.unlock()
    }

    /// Takes what is queued, oldest first: the journal lines one `write(2)` each; the log lines added to those held,
    /// and written once enough are. Returns how many entries there were.
    private func writeQueued() -> Int {
        // The memo and the buffer in locals for the batch: as properties, each line's access to them was checked
        // for exclusivity.
        var seconds = self.seconds
        var logLines = self.logLines
        self.logLines = LogLineBuffer()
        var journaledSeqs = self.journaledSeqs
        self.journaledSeqs = []
        // Each item where the queue holds it: a copy retained every reference its record holds, and released them.
        let count = queue.drain { item in
            write(&item, logLines: &logLines, seconds: &seconds)
            if item.journaled { journaledSeqs.append(item.entry.seq) }
        }
        self.seconds = seconds
        self.journaledSeqs = journaledSeqs
        let heldBytes = logLines.count
        self.logLines = consume logLines  // the one reference, so that writing them keeps the buffer's capacity
        // Checked here too: under a steady trickle the queue is never empty when the thread would wait out the hold.
        if heldBytes >= Self.logWriteSize || logDeadline.map({ $0.timeIntervalSinceNow <= 0 }) == true {
            writeLogLines()
        } else if heldBytes > 0, logDeadline == nil {
            logDeadline = Date(timeIntervalSinceNow: Self.logHoldWindow)
        }
        return count
    }

    /// Writes the log lines held, in one `write(2)`.
    private func writeLogLines() {
        logDeadline = nil
        guard !logLines.isEmpty else { return }
        logLines.withUnsafeBytes { Self.writeAll($0, to: logDescriptor) }
        // Kept for the next lines unless a burst made it large.
        logLines.removeAll(keepingCapacity: logLines.capacity <= Self.keptLogCapacity)
    }

    /// Writes one item's journal line and adds its log line to `logLines`. The item is inout so that reading its
    /// entry borrows it: through a pointer, each call on the entry copied it first.
    private func write(_ item: inout Item, logLines: inout LogLineBuffer, seconds: inout ISO8601SecondMemo) {
        let inference = item.entry.record.inferIdentifiers(memo: memo)
        if item.journaled, let fileDescriptor { Self.writeLine(item.entry.ndjsonLine, to: fileDescriptor) }
        if let log {
            item.entry.appendLogLine(log, to: &logLines, seconds: &seconds, lines: lines, inference: inference)
        }
    }

    /// One `write(2)` per line; the loop only continues a write the kernel cut short or a signal interrupted.
    static func writeLine(_ line: Data, to descriptor: Int32) {
        line.withUnsafeBytes { writeAll($0, to: descriptor) }
    }

    /// Writes all of `bytes`, continuing a write the kernel cut short or a signal interrupted; gives up on an error.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            remaining -= written
            base += written
        }
    }
}

/// The journal file could not be opened.
public struct JournalFileError: Error, Sendable, CustomStringConvertible {
    /// The configured path.
    public var path: String
    /// The system's reason.
    public var reason: String

    /// `cannot open journal file PATH: REASON`.
    public var description: String { "cannot open journal file \(path): \(reason)" }
}
