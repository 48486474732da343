import Foundation
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The journal's chunked buffer: order, limits across chunk boundaries, inference and removal.
struct JournalBufferTests {
    private func entry(_ seq: Int) -> JournalEntry {
        let now = Timestamp(milliseconds: 0)
        let record = ExchangeRecord(
            direction: .inbound, method: "GET", url: "http://h/v1/transactions/T12345678.t\(seq)",
            path: "/v1/transactions/T12345678.t\(seq)", status: 200, wallTime: now, sandboxTime: now,
            durationMilliseconds: 0)
        return JournalEntry(seq: seq, record: record)
    }

    @Test(arguments: [nil, 1, 6, 4096, 5000] as [Int?])
    func keepsTheNewestEntriesInOrder(limit: Int?) {
        var buffer = JournalBuffer(limit: limit)
        let total = 10_000
        for seq in 1...total { buffer.append(entry(seq)) }
        let kept = min(total, limit ?? total)
        #expect(buffer.count == kept)
        #expect(buffer.dropped == total - kept)
        #expect(buffer.entries.map(\.seq) == Array((total - kept + 1)...total))
        #expect(buffer.newest(.max).map(\.seq) == Array((total - kept + 1)...total).reversed())
        #expect(buffer.newest(3).map(\.seq) == Array((total - min(3, kept) + 1)...total).reversed())
    }

    @Test func filtersAtMostTheLimitAndInfersEveryEntryOnce() {
        var buffer = JournalBuffer(limit: 5000)
        for seq in 1...9000 { buffer.append(entry(seq)) }
        buffer.inferIdentifiers()
        #expect(buffer.entries.allSatisfy { $0.record.transactionId == "T12345678.t\($0.seq)" })
        for seq in 9001...9100 { buffer.append(entry(seq)) }
        buffer.inferIdentifiers()
        #expect(buffer.entries.last?.record.transactionId == "T12345678.t9100")
        var filter = JournalFilter()
        filter.direction = .inbound
        #expect(buffer.entries(matching: filter, limit: 3).map(\.seq) == [4101, 4102, 4103])
    }

    @Test func removalKeepsTheOthersInOrderAndTheDroppedCount() {
        var buffer = JournalBuffer(limit: 6)
        for seq in 1...20 { buffer.append(entry(seq)) }
        buffer.removeAll { $0.seq % 2 == 0 }
        #expect(buffer.entries.map(\.seq) == [15, 17, 19])
        #expect(buffer.dropped == 14)
        for seq in 21...25 { buffer.append(entry(seq)) }
        #expect(buffer.entries.map(\.seq) == [19, 21, 22, 23, 24, 25])
        buffer.removeAll()
        #expect(buffer.count == 0)
    }
}
