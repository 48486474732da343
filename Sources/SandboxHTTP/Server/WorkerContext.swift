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
    /// Whether the worker waits for a `Locked` another thread holds: a handler past a tick that waits there is not
    /// blocked in the timer's sense, as another worker would wait behind the same lock.
    let waitingForLock = Atomic<Bool>(false)
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

    /// The context of the worker running on this thread, nil on any other thread.
    static var current: WorkerContext? {
        guard let pointer = pthread_getspecific(currentKey) else { return nil }
        return Unmanaged<WorkerContext>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Makes this the current thread's context (`current`) until `resign()`; the worker keeps it alive meanwhile.
    func becomeCurrent() {
        pthread_setspecific(Self.currentKey, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Leaves the current thread without a context.
    static func resign() {
        pthread_setspecific(currentKey, nil)
    }

    private static let currentKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

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
