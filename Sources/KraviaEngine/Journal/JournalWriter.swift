@preconcurrency import Glibc
import Foundation
import SandboxSupport

/// Writes journal entries to the NDJSON file and log lines to stderr on its own thread, in record order.
///
/// Recording only queues the entry; serialising and the system calls happen here, so a slow disk or a full pipe
/// never holds up a request. The thread is woken only when it sleeps with nothing queued, then gathers for up to
/// `batchWindow` before writing: under load a thousand requests cost one wake-up and one `write(2)` of their log
/// lines, not a thousand of each (a request costs a lock and an append). Each journal line still goes out with
/// its own `write(2)` on an `O_APPEND` descriptor, with no user-space buffer across entries: a `kill -9` loses
/// at most the entries of the last window and never leaves half a line that a later entry continues.
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
    // Guards `pending`, `closed` and `writtenThrough`; the thread waits on it for work, tests for progress.
    private let condition = NSCondition()
    private var pending: [Item] = []
    private var closed = false
    private var writtenThrough = 0
    /// Whether the thread waits for work (only then does a new entry wake it).
    private var sleeping = false
    /// The writer thread's memo of the last body it skimmed (polled transactions are the same bytes each time).
    private let memo = SkimMemo()
    /// The writer thread's memo of the last second a log line's timestamp fell in.
    private var seconds = ISO8601SecondMemo()
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
    func enqueue(_ entry: JournalEntry, journaled: Bool) {
        guard journaled ? (fileDescriptor != nil || log != nil) : log != nil else { return }
        condition.lock()
        if !closed {
            pending.append(Item(entry: entry, journaled: journaled))
            // Cleared by the signaller: cleared by the thread, every request queued until it held the lock again
            // saw it asleep and signalled it again.
            if sleeping {
                sleeping = false
                condition.signal()
            }
        }
        condition.unlock()
    }

    /// Blocks until every journaled entry up to `seq` is in the file (or the writer closed).
    func waitUntilWritten(through seq: Int) {
        condition.lock()
        while writtenThrough < seq, !(closed && pending.isEmpty) { condition.wait() }
        condition.unlock()
    }

    /// Writes what is queued, then stops the thread and closes the file.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty, !closed {
                sleeping = true
                condition.wait()
            }
            sleeping = false
            // Gather what arrives in the window (close() cuts it short).
            if !closed { _ = condition.wait(until: Date(timeIntervalSinceNow: Self.batchWindow)) }
            let batch = pending
            pending = []
            let finished = closed && batch.isEmpty
            condition.unlock()
            if finished { break }
            let through = batch.last(where: \.journaled)?.entry.seq
            write(consume batch)  // the one reference to the batch, so its items are written to in place
            condition.lock()
            if let through { writtenThrough = max(writtenThrough, through) }
            condition.broadcast()
            condition.unlock()
        }
        if let fileDescriptor { Glibc.close(fileDescriptor) }
    }

    /// The journal lines one `write(2)` each, the log lines of the whole batch in one.
    private func write(_ batch: consuming [Item]) {
        var logLines: [UInt8] = []
        // The memo in a local for the batch: as a property, each line's access to it was checked for exclusivity.
        var seconds = self.seconds
        // By address, in place: a copy of each item retained every reference its record holds, and released them.
        batch.withUnsafeMutableBufferPointer { batch in
            for index in batch.indices {
                let item = batch.baseAddress! + index
                item.pointee.entry.record.inferIdentifiers(memo: memo)
                if item.pointee.journaled, let fileDescriptor {
                    Self.writeLine(item.pointee.entry.ndjsonLine, to: fileDescriptor)
                }
                if let log { item.pointee.entry.appendLogLine(log, to: &logLines, seconds: &seconds) }
            }
        }
        self.seconds = seconds
        if !logLines.isEmpty { Self.writeLine(Data(logLines), to: STDERR_FILENO) }
    }

    /// One `write(2)` per line; the loop only continues a write the kernel cut short or a signal interrupted.
    static func writeLine(_ line: Data, to descriptor: Int32) {
        line.withUnsafeBytes { buffer in
            guard var base = buffer.baseAddress else { return }
            var remaining = buffer.count
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
