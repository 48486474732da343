import SandboxSupport
import Testing

@testable import KraviaEngine

/// The journal's index of transactions, sessions and merchant references: a filter naming one gets what a pass over
/// every entry would give, while entries leave the buffer, are removed, or come before their ids are inferred.
struct JournalIndexTests {
    /// A record naming ids drawn from a few of each (or none), its ids taken as inferred.
    private func entry(_ seq: Int, _ random: inout SeededRandom) -> JournalEntry {
        func pick(_ prefix: String, among count: UInt64) -> String? {
            let drawn = random.uniform(below: count + 1)
            return drawn == count ? nil : "\(prefix)\(drawn)"
        }
        let now = Timestamp(milliseconds: 0)
        var record = ExchangeRecord(
            direction: .inbound, method: "GET", path: "/v1/transactions/x", status: seq % 5 == 0 ? 404 : 200,
            wallTime: now, sandboxTime: now, durationMilliseconds: 0, sessionId: pick("T12345678.s", among: 9),
            transactionId: pick("T12345678.t", among: 13), merchantReference: pick("order-", among: 7))
        record.identifiersInferred = true
        return JournalEntry(seq: seq, record: record)
    }

    /// Filters naming each indexed id alone, together, with other criteria, with a limit, and ids never seen.
    private static let filters: [JournalFilter] = {
        var filters: [JournalFilter] = []
        for number in [0, 5, 12, 99] {
            var byTransaction = JournalFilter()
            byTransaction.transactionId = "T12345678.t\(number)"
            filters.append(byTransaction)
            var limited = byTransaction
            limited.limit = 2
            filters.append(limited)
            var failed = byTransaction
            failed.status = .exactly(404)
            filters.append(failed)
            var bySession = JournalFilter()
            bySession.sessionId = "T12345678.s\(number % 9)"
            filters.append(bySession)
            var both = bySession
            both.transactionId = byTransaction.transactionId
            filters.append(both)
            var byReference = JournalFilter()
            byReference.merchantReference = "order-\(number % 8)"
            byReference.after = 40
            filters.append(byReference)
        }
        return filters
    }()

    /// What a pass over every live entry gives.
    private func scanned(_ buffer: JournalBuffer, _ filter: JournalFilter) -> [Int] {
        Array(buffer.entries.filter { filter.matches($0) }.map(\.seq).prefix(filter.limit ?? .max))
    }

    @Test(arguments: [nil, 7, 64, 1000] as [Int?])
    func filtersNamingAnIdGetWhatAScanGets(limit: Int?) {
        var random = SeededRandom(seed: 17)
        var buffer = JournalBuffer(limit: limit)
        for seq in 1...3000 {
            buffer.append(entry(seq, &random))
            guard seq % 37 == 0 else { continue }
            buffer.inferIdentifiers()
            for filter in Self.filters {
                #expect(buffer.entries(matching: filter, limit: filter.limit).map(\.seq) == scanned(buffer, filter))
            }
        }
        buffer.removeAll { $0.seq % 3 == 0 }
        for seq in 3001...3100 { buffer.append(entry(seq, &random)) }
        buffer.inferIdentifiers()
        for filter in Self.filters {
            #expect(buffer.entries(matching: filter, limit: filter.limit).map(\.seq) == scanned(buffer, filter))
        }
        #expect(Self.filters.contains { !scanned(buffer, $0).isEmpty })
    }

    /// An entry whose ids were inferred before it was kept (as for a waiting await) and one whose ids are inferred
    /// only when the journal is read (from its path) are both found under their transaction.
    @Test func findsEntriesInferredBeforeAndWhenRead() {
        let now = Timestamp(milliseconds: 0)
        var buffer = JournalBuffer(limit: nil)
        var inferred = ExchangeRecord(
            direction: .outbound, method: "POST", path: "/callback", status: 200, wallTime: now, sandboxTime: now,
            durationMilliseconds: 0, transactionId: "T12345678.t1")
        inferred.identifiersInferred = true
        buffer.append(JournalEntry(seq: 1, record: inferred))
        let polled = ExchangeRecord(
            direction: .inbound, method: "GET", path: "/v1/transactions/T12345678.t1", status: 200, wallTime: now,
            sandboxTime: now, durationMilliseconds: 0)
        buffer.append(JournalEntry(seq: 2, record: polled))
        buffer.append(JournalEntry(seq: 3, record: inferred))
        buffer.inferIdentifiers()
        var filter = JournalFilter()
        filter.transactionId = "T12345678.t1"
        #expect(buffer.entries(matching: filter, limit: nil).map(\.seq) == [1, 2, 3])
        filter.method = "GET"
        #expect(buffer.entries(matching: filter, limit: nil).map(\.seq) == [2])
    }
}
