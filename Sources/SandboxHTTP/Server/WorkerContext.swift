@preconcurrency import Glibc
import Synchronization

/// What one worker thread keeps for itself: its batch of events, its read and write buffers, its `Date` header
/// cache, and the marks the timer thread reads to tell a worker stuck in a slow handler from a busy one, and a busy
/// server from an idle one.
final class WorkerContext: Sendable {
    /// The events of this worker's last wait, not served yet.
    let events = EventBatch()
    /// Monotonic milliseconds when the current request's handler call started, kept until its answer is written;
    /// 0 between requests.
    let handlerSince = Atomic<Int64>(0)
    /// Handler calls this worker has made; only the worker writes it, the timer reads it to tell a busy server
    /// from an idle one.
    let handlerCalls = Atomic<Int>(0)
    /// The worker's thread id, for the timer to ask whether a handler past a tick waits or computes; nil when unknown.
    let threadId: Int32?
    nonisolated(unsafe) let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 32 * 1024, alignment: 16)
    /// Where response heads (and the small bodies behind them) are written before they are sent: room for the
    /// largest inlined body and a generous head, so only an unusual response needs an array of its own.
    nonisolated(unsafe) let writeBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(
        capacity: ResponseEncoder.inlineBodyLimit + 16 * 1024)
    nonisolated(unsafe) private var dateSecond = -1
    nonisolated(unsafe) private var dateText = ""

    init(threadId: Int32?) {
        self.threadId = threadId
    }

    deinit {
        readBuffer.deallocate()
        writeBuffer.deallocate()
    }

    /// The `Date` header value, formatted at most once per second per thread (no shared lock on the hot path).
    func date() -> String {
        let second = Int(time(nil))
        if second != dateSecond {
            dateSecond = second
            dateText = HTTPDate.now()
        }
        return dateText
    }
}
