@preconcurrency import Glibc
import Foundation
import SandboxSupport
import Synchronization

/// Writes journal entries to the NDJSON file and log lines to stderr on its own thread, in the order queued.
///
/// Recording only queues the entry; serialising and the system calls happen here, so a slow disk or a full pipe
/// never holds up a request. Queueing takes no lock (`WriterQueue`); the thread is woken only when it sleeps with
/// nothing queued, then gathers for up to `batchWindow` before writing: under load a thousand requests cost one
/// wake-up and one `write(2)` of their log lines, not a thousand of each. Each journal line still goes out with its
/// own `write(2)` on an `O_APPEND` descriptor, with no user-space buffer across entries: a `kill -9` loses at most
/// the entries of the last window and never leaves half a line that a later entry continues.
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
    /// The writer thread's buffer for a batch's log lines, kept with its capacity from batch to batch.
    private var logLines: [UInt8] = []
    /// The writer thread's list of the journaled entries of the batch it writes.
    private var journaledSeqs: [Int] = []
    /// The most log-line capacity kept from one batch to the next (bytes).
    static let keptLogCapacity = 1 << 20
    /// How long the woken thread gathers entries before writing them.
    static let batchWindow: TimeInterval = 0.002

    /// Opens the file for appending (creating it) and starts the thread.
    /// - Throws: a description of why the file cannot be opened.
    init(filePath: String?, log: LogFormat?) throws(JournalFileError) {
        self.filePath = filePath
        self.log = log
        if let filePath {
            let descriptor = open(filePath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw JournalFileError(path: filePath, reason: String(cString: strerror(errno)))
            }
            fileDescriptor = descriptor
        } else {
            fileDescriptor = nil
        }
        let thread = Thread { [self] in run() }
        thread.name = "kravia-journal-writer"
        thread.start()
    }

    /// Queues an entry for the file (when `journaled`) and the log.
    func enqueue(_ entry: consuming JournalEntry, journaled: Bool) {
        guard journaled ? (fileDescriptor != nil || log != nil) : log != nil,
            !closed.load(ordering: .relaxed)
        else { return }
        queue.add(Item(entry: entry, journaled: journaled))
        // After adding, as the thread says it sleeps before it looks at the queue (both sequentially consistent):
        // either it sees this entry or this sees it asleep. The exchange lets one request of many wake it.
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

    /// Writes what is queued, then stops the thread and closes the file.
    func close() {
        wake.lock()
        closed.store(true, ordering: .sequentiallyConsistent)
        wake.broadcast()
        wake.unlock()
    }

    private func run() {
        while true {
            wake.lock()
            sleeping.store(true, ordering: .sequentiallyConsistent)
            while queue.isEmpty, sleeping.load(ordering: .sequentiallyConsistent),
                !closed.load(ordering: .sequentiallyConsistent), !forgetting.load(ordering: .sequentiallyConsistent)
            {
                wake.wait()
            }
            sleeping.store(false, ordering: .sequentiallyConsistent)
            if forgetting.load(ordering: .sequentiallyConsistent) {
                wake.unlock()
                forgetMemosNow()
                continue
            }
            // Gather what arrives in the window (close() cuts it short).
            if !closed.load(ordering: .sequentiallyConsistent) {
                _ = wake.wait(until: Date(timeIntervalSinceNow: Self.batchWindow))
            }
            wake.unlock()
            let batch = queue.takeAll()
            if batch.isEmpty {
                if closed.load(ordering: .sequentiallyConsistent) { break }
                continue
            }
            write(consume batch)  // the one reference to the batch, so its items are written to in place
            progress.lock()
            for seq in journaledSeqs { written.insert(seq) }
            journaledSeqs.removeAll(keepingCapacity: true)
            progress.broadcast()
            progress.unlock()
        }
        progress.lock()
        finished = true
        progress.broadcast()
        progress.unlock()
        if let fileDescriptor { Glibc.close(fileDescriptor) }
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

    /// The journal lines one `write(2)` each, the log lines of the whole batch in one.
    private func write(_ batch: consuming [Item]) {
        // The memo and the buffer in locals for the batch: as properties, each line's access to them was checked
        // for exclusivity.
        var seconds = self.seconds
        var logLines = self.logLines
        self.logLines = []
        var journaledSeqs = self.journaledSeqs
        self.journaledSeqs = []
        for index in batch.indices {
            // In place: a copy of each item retained every reference its record holds, and released them.
            write(&batch[index], logLines: &logLines, seconds: &seconds)
            if batch[index].journaled { journaledSeqs.append(batch[index].entry.seq) }
        }
        self.seconds = seconds
        self.journaledSeqs = journaledSeqs
        if !logLines.isEmpty { logLines.withUnsafeBytes { Self.writeAll($0, to: STDERR_FILENO) } }
        // Kept for the next batch unless a burst made it large.
        logLines.removeAll(keepingCapacity: logLines.capacity <= Self.keptLogCapacity)
        self.logLines = logLines
    }

    /// Writes one item's journal line and adds its log line to `logLines`. The item is inout so that reading its
    /// entry borrows it: through a pointer, each call on the entry copied it first.
    private func write(_ item: inout Item, logLines: inout [UInt8], seconds: inout ISO8601SecondMemo) {
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
