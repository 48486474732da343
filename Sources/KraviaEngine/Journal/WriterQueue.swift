import SandboxHTTP

/// The journal writer's queue: request threads append to an array under a lock held for the append alone, and the
/// writer swaps the whole array for an empty one kept from its last batch.
///
/// It was a lock-free stack of nodes, one allocation an entry, linked newest first: the writer walked the links twice
/// to put them in order, and each step was a cache miss on memory another core had just written — under
/// `wrk -t2 -c64` that walk was a fifth of the writer's time (`perf annotate`), and freeing the nodes ~115 instructions
/// an entry in the writer alone (callgrind). In the array the entries lie in order, one after another, in
/// memory reused from batch to batch. The lock is held for an append (a move into reserved capacity), so two
/// requests rarely meet at it: futex calls per GET with `--log text` 0.005 with the stack, 0.008 with the lock
/// (`perf stat`, `wrk -t2 -c64`; the first lock, which the writer held too, made 0.076 by `strace -f`).
final class WriterQueue<Element>: @unchecked Sendable {
    private let queued = Locked<[Element]>([])
    /// The taker's empty array, its capacity kept for the next swap; only `drain` touches it.
    private var spare: [Element] = []
    /// The most capacity `spare` keeps after a batch (elements): a burst's larger array is let go.
    static var keptCapacity: Int { 1 << 16 }

    init() {}

    /// Adds `element` (from any thread).
    func add(_ element: consuming Element) {
        queued.withLock(moving: element) { elements, element in elements.append(element) }
    }

    /// Whether nothing is queued (from any thread). Read under the lock, so a thread that adds and then looks at a flag
    /// the taker sets before it looks here cannot miss the taker, nor the taker the element.
    var isEmpty: Bool {
        queued.withLock { $0.isEmpty }
    }

    /// Takes everything added so far and hands each element to `body` where it lies, oldest first (from one thread
    /// at a time); returns how many there were. The elements are released once all were handed on.
    @discardableResult
    func drain(_ body: (inout Element) -> Void) -> Int {
        var batch = spare
        spare = []
        queued.withLock { swap(&$0, &batch) }
        let count = batch.count
        batch.withUnsafeMutableBufferPointer { elements in
            for index in elements.indices { body(&elements[index]) }
        }
        batch.removeAll(keepingCapacity: batch.capacity <= Self.keptCapacity)
        spare = batch
        return count
    }
}
