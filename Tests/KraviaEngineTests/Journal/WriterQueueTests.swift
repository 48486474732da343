import Dispatch
import Glibc
import Synchronization
import Testing

@testable import KraviaEngine

/// The writer's queue: what threads add at once is taken exactly once, each thread's in its order, while
/// the taker takes as it goes; and the written-through mark waits for entries that arrive out of order.
struct WriterQueueTests {
    private final class Counted: Sendable {
        static let alive = Atomic<Int>(0)
        let thread: Int
        let index: Int

        init(thread: Int, index: Int) {
            self.thread = thread
            self.index = index
            Self.alive.add(1, ordering: .relaxed)
        }

        deinit { Self.alive.subtract(1, ordering: .relaxed) }
    }

    @Test func concurrentAddsAreTakenOnceEachInEachThreadsOrder() {
        let threads = 4
        let perThread = 20_000
        let queue = WriterQueue<(thread: Int, index: Int)>()
        let adders = DispatchGroup()
        for thread in 0..<threads {
            DispatchQueue.global().async(group: adders) {
                for index in 0..<perThread { queue.add((thread, index)) }
            }
        }
        // Taken while the adders run, then once more after they finished.
        var next = [Int](repeating: 0, count: threads)
        var taken = 0
        var inOrder = true
        func take() {
            queue.drain { element in
                inOrder = inOrder && element.index == next[element.thread]
                next[element.thread] = element.index + 1
                taken += 1
            }
        }
        while adders.wait(timeout: .now()) == .timedOut {
            take()
            sched_yield()
        }
        take()
        #expect(inOrder)
        #expect(taken == threads * perThread)
        #expect(next == [Int](repeating: perThread, count: threads))
        #expect(queue.isEmpty)
        #expect(queue.drain { _ in } == 0)
    }

    @Test func whatIsLeftQueuedIsReleasedWithTheQueue() {
        let before = Counted.alive.load(ordering: .relaxed)
        do {
            let queue = WriterQueue<Counted>()
            for index in 0..<100 { queue.add(Counted(thread: 0, index: index)) }
            var drained: [Int] = []
            #expect(queue.drain { drained.append($0.index) } == 100)
            #expect(drained == Array(0..<100))
            #expect(Counted.alive.load(ordering: .relaxed) == before, "each element goes once the batch is handed on")
            for index in 0..<10 { queue.add(Counted(thread: 0, index: index)) }
            #expect(Counted.alive.load(ordering: .relaxed) == before + 10)
        }
        #expect(Counted.alive.load(ordering: .relaxed) == before)
    }

    @Test func writtenThroughWaitsForEveryEntryBefore() {
        var written = WrittenSequence()
        written.insert(2)
        written.insert(3)
        #expect(written.through == 0)
        written.insert(1)
        #expect(written.through == 3)
        written.insert(5)
        written.insert(4)
        written.insert(3)
        #expect(written.through == 5)
    }
}
