/// Where the journal's entries naming each transaction, session and merchant reference stand: a read or await
/// that names one of them looks at those entries only.
///
/// A query by transaction went through every entry held, under the journal's lock, comparing each one's id (40 ns
/// an entry: 2.6 ms at 64,000 entries). In the soak, whose merchants each query their transaction's entries, every
/// other request's recording waited behind those scans: 40 of its 74 threads stood at the journal's lock.
///
/// Positions count entries from the buffer's start and never shift while entries leave (`JournalBuffer`); each
/// list is in order, oldest first. Positions of entries that have left are skipped by readers and pruned now and
/// then (`prune(before:)`).
struct JournalIndex: Sendable {
    private var byTransaction: [String: [Int]] = [:]
    private var bySession: [String: [Int]] = [:]
    private var byReference: [String: [Int]] = [:]

    /// Notes the entry at `position` under the ids its record names (its ids already inferred).
    mutating func add(_ record: ExchangeRecord, at position: Int) {
        guard let identifiers = record.identifiers else { return }
        if let id = identifiers.transactionId { byTransaction[id, default: []].append(position) }
        if let id = identifiers.sessionId { bySession[id, default: []].append(position) }
        if let id = identifiers.merchantReference { byReference[id, default: []].append(position) }
    }

    /// The positions of the entries that may pass `filter`, oldest first (some may have left): those of the
    /// shortest list among the ids it names. Nil when it names none (every entry may pass).
    func positions(for filter: JournalFilter) -> [Int]? {
        let lists = [
            filter.transactionId.map { byTransaction[$0] ?? [] }, filter.sessionId.map { bySession[$0] ?? [] },
            filter.merchantReference.map { byReference[$0] ?? [] },
        ]
        return lists.compactMap { $0 }.min { $0.count < $1.count }
    }

    /// Forgets the positions before `start` (entries that have left), and the ids left with none.
    mutating func prune(before start: Int) {
        func pruned(_ lists: [String: [Int]]) -> [String: [Int]] {
            lists.compactMapValues { positions in
                guard let first = positions.first, first < start else { return positions }
                let live = positions.drop { $0 < start }
                return live.isEmpty ? nil : Array(live)
            }
        }
        byTransaction = pruned(byTransaction)
        bySession = pruned(bySession)
        byReference = pruned(byReference)
    }
}
