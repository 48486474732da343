import Dispatch
import Foundation
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

@testable import KraviaEngine

/// Awaits and appends on one journal from many threads at once. Each await must come back with exactly its own
/// entries whichever side wins each race, and under ThreadSanitizer (`.ci/sanitize`) no thread may touch a
/// waiter's matches outside the journal's lock. Ordering comes from events (`waiterCount`, dispatch groups),
/// never from sleeps.
@Suite struct JournalConcurrencyTests {
    /// Awaiting threads, one merchant reference each.
    private static let awaiters = 6
    /// Entries each await waits for.
    private static let entriesPerAwait = 20
    /// Threads recording at once.
    private static let appenders = 4
    /// How long a thread may take before the test gives up on it: a bound against hanging, not an expectation.
    private static let patience = DispatchTimeInterval.seconds(60)

    private static func record(reference: String, index: Int) -> ExchangeRecord {
        let now = Timestamp(milliseconds: 1_800_000_000_000)
        return ExchangeRecord(
            direction: .inbound, method: "POST", url: "http://sandbox.test/v1/orders/\(index)",
            path: "/v1/orders/\(index)", status: 200, wallTime: now, sandboxTime: now, durationMilliseconds: 0,
            merchantReference: reference)
    }

    private static func reference(_ awaiter: Int) -> String { "order-\(awaiter)" }

    /// Records `entriesPerAwait` entries for every awaiter from `appenders` threads at once, interleaved.
    private static func appendEveryEntry(to journal: Journal) {
        DispatchQueue.concurrentPerform(iterations: appenders) { appender in
            for index in stride(from: appender, to: entriesPerAwait, by: appenders) {
                for awaiter in 0..<awaiters {
                    journal.append(record(reference: reference(awaiter), index: index))
                }
            }
        }
    }

    /// Starts one thread per awaiter, each awaiting `count` entries with its reference.
    /// - Returns: the group that is left as each await returns, and where the results land, by awaiter.
    private static func startAwaits(
        on journal: Journal, count: Int
    ) -> (group: DispatchGroup, results: Locked<[Int: Journal.AwaitResult]>) {
        let group = DispatchGroup()
        let results = Locked<[Int: Journal.AwaitResult]>([:])
        for awaiter in 0..<awaiters {
            group.enter()
            Thread.detachNewThread {
                let filter = JournalFilter(merchantReference: reference(awaiter))
                let result = journal.await(filter, count: count, timeoutMilliseconds: 60_000)
                results.withLock { $0[awaiter] = result }
                group.leave()
            }
        }
        return (group, results)
    }

    /// Every await matched, each with exactly its own entries.
    private static func expectEachMatchedItsOwn(_ results: Locked<[Int: Journal.AwaitResult]>, round: Int? = nil) {
        for awaiter in 0..<awaiters {
            guard case .matched(let entries) = results.withLock({ $0[awaiter] }) else {
                Issue.record("await \(awaiter) did not match\(round.map { " in round \($0)" } ?? "")")
                continue
            }
            expectOwnEntries(entries, awaiter: awaiter)
        }
    }

    /// The awaiter's entries are its own, oldest first, one per index.
    private static func expectOwnEntries(_ entries: [JournalEntry], awaiter: Int) {
        #expect(entries.count == entriesPerAwait)
        #expect(entries.allSatisfy { $0.record.merchantReference == reference(awaiter) })
        #expect(entries.map(\.seq) == entries.map(\.seq).sorted())
        #expect(Set(entries.map(\.record.path)) == Set((0..<entriesPerAwait).map { "/v1/orders/\($0)" }))
    }

    @Test func awaitsRegisteredFirstAreEachWokenWithExactlyTheirEntries() throws {
        let journal = Journal(limit: nil, filePath: nil, log: nil)
        let (group, results) = Self.startAwaits(on: journal, count: Self.entriesPerAwait)
        try #require(eventually { journal.waiterCount == Self.awaiters }, "the awaits never registered")
        Self.appendEveryEntry(to: journal)
        try #require(group.wait(timeout: .now() + Self.patience) == .success, "an await was never woken")
        Self.expectEachMatchedItsOwn(results)
        #expect(journal.waiterCount == 0)
        #expect(journal.statistics.entries == Self.awaiters * Self.entriesPerAwait)
    }

    /// Awaits register while entries are being recorded: some find all their entries held, some part, some none;
    /// every one must still end with exactly its own.
    @Test(arguments: 0..<5)
    func awaitsRacingAppendsCountEveryEntryOnce(round: Int) throws {
        let journal = Journal(limit: nil, filePath: nil, log: nil)
        let recorded = DispatchGroup()
        recorded.enter()
        Thread.detachNewThread {
            Self.appendEveryEntry(to: journal)
            recorded.leave()
        }
        let (group, results) = Self.startAwaits(on: journal, count: Self.entriesPerAwait)
        try #require(recorded.wait(timeout: .now() + Self.patience) == .success)
        try #require(group.wait(timeout: .now() + Self.patience) == .success, "an await was never woken")
        Self.expectEachMatchedItsOwn(results, round: round)
        #expect(journal.waiterCount == 0)
    }

    @Test func closeWakesEveryWaitingAwaitWithWhatItHasAndRefusesNewOnes() throws {
        let journal = Journal(limit: nil, filePath: nil, log: nil)
        // One more than will ever be recorded: only close() can end these awaits.
        let (group, results) = Self.startAwaits(on: journal, count: Self.entriesPerAwait + 1)
        try #require(eventually { journal.waiterCount == Self.awaiters }, "the awaits never registered")
        Self.appendEveryEntry(to: journal)
        #expect(journal.waiterCount == Self.awaiters)
        journal.close()
        try #require(group.wait(timeout: .now() + Self.patience) == .success, "close() woke no await")
        for awaiter in 0..<Self.awaiters {
            guard case .timedOut(let matched, _) = results.withLock({ $0[awaiter] }) else {
                Issue.record("await \(awaiter) did not end unmatched")
                continue
            }
            Self.expectOwnEntries(matched, awaiter: awaiter)
        }
        #expect(journal.waiterCount == 0)
        // An await after close must answer at once: its own timeout is longer than the test waits for it.
        let late = DispatchGroup()
        let lateResult = Locked<Journal.AwaitResult?>(nil)
        late.enter()
        Thread.detachNewThread {
            let result = journal.await(
                JournalFilter(merchantReference: "nobody"), count: 1, timeoutMilliseconds: 600_000)
            lateResult.withLock { $0 = result }
            late.leave()
        }
        try #require(late.wait(timeout: .now() + Self.patience) == .success, "an await after close waited")
        guard case .timedOut(let matched, _) = lateResult.withLock({ $0 }) else {
            Issue.record("an await after close matched")
            return
        }
        #expect(matched.isEmpty)
    }

    /// Past `maximumAwaits` waiting, a new await is refused at once; one that is already satisfied is still
    /// answered, and the waiting ones are woken by their entries as before.
    @Test func awaitsPastTheMaximumAreRefusedAtOnce() throws {
        let journal = Journal(limit: nil, filePath: nil, log: nil, maximumAwaits: Self.awaiters)
        journal.append(Self.record(reference: "early", index: 0))
        let (group, results) = Self.startAwaits(on: journal, count: Self.entriesPerAwait)
        try #require(eventually { journal.waiterCount == Self.awaiters }, "the awaits never registered")
        // Its timeout is longer than the test waits: only a refusal comes back.
        guard case .refused(let waiting) = journal.await(JournalFilter(), count: 1_000, timeoutMilliseconds: 600_000)
        else {
            Issue.record("an await past the maximum was not refused")
            return
        }
        #expect(waiting == Self.awaiters)
        let early = journal.await(JournalFilter(merchantReference: "early"), count: 1, timeoutMilliseconds: 600_000)
        guard case .matched(let entries) = early else {
            Issue.record("a satisfied await was not answered while the journal was full of awaits")
            return
        }
        #expect(entries.map(\.record.merchantReference) == ["early"])
        #expect(journal.waiterCount == Self.awaiters)
        Self.appendEveryEntry(to: journal)
        try #require(group.wait(timeout: .now() + Self.patience) == .success, "an await was never woken")
        Self.expectEachMatchedItsOwn(results)
    }
}
