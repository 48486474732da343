/// What a ledger operation needs done once the ledger's lock is released: nothing is woken from under it.
struct LedgerEffects: OptionSet, Sendable {
    let rawValue: Int

    /// A job was scheduled or the timeline changed: the background runner should look again.
    static let wakeTimeline = LedgerEffects(rawValue: 1 << 0)
    /// A transaction or default now uses a scenario with API faults: requests must start looking faults up.
    static let armFaults = LedgerEffects(rawValue: 1 << 1)
}
