import SandboxSupport
import Testing

@testable import KraviaEngine

/// The timeline on its heap: earliest first, first come first served among equal times, and jobs of one
/// account dropped without disturbing the rest.
@Suite struct TimelineTests {
    static let start = Timestamp(milliseconds: 1_800_000_000_000)

    @Test func popsEarliestFirstAndEqualTimesInTheOrderScheduled() {
        var timeline = Timeline()
        let offsets: [Int64] = [50, 10, 30, 10, 40, 10, 20]
        for (index, offset) in offsets.enumerated() {
            timeline.schedule(.settle(transactionId: "T1.\(index)"), at: Self.start.adding(milliseconds: offset))
        }
        #expect(timeline.nextDue == Self.start.adding(milliseconds: 10))
        #expect(timeline.popDue(notAfter: Self.start) == nil)
        var popped: [String] = []
        while let entry = timeline.popDue(notAfter: Self.start.adding(milliseconds: 1000)) {
            guard case .settle(let id) = entry.job else { continue }
            popped.append(id)
        }
        #expect(popped == ["T1.1", "T1.3", "T1.5", "T1.6", "T1.2", "T1.4", "T1.0"])
        #expect(timeline.count == 0)
    }

    @Test func removingOneAccountsJobsKeepsTheOthersInOrder() {
        var timeline = Timeline()
        for index in 0..<20 {
            let account = index % 2 == 0 ? "T11111111" : "T22222222"
            timeline.schedule(
                .callbackAttempt(accountId: account, deliveryId: "d\(index)"),
                at: Self.start.adding(milliseconds: Int64(20 - index)))
        }
        timeline.removeAll { $0.accountId == "T11111111" }
        #expect(timeline.count == 10)
        #expect(timeline.pending.map(\.job.accountId) == Array(repeating: "T22222222", count: 10))
        #expect(timeline.pending.map(\.due) == timeline.pending.map(\.due).sorted())
        #expect(timeline.popDue(notAfter: Self.start.adding(milliseconds: 100))?.job == .callbackAttempt(accountId: "T22222222", deliveryId: "d19"))
    }
}
