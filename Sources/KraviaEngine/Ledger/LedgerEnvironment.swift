import SandboxSupport

/// What ledger operations draw on without changing it: the id streams, the scenarios and the settlement delay.
struct LedgerEnvironment: Sendable {
    /// Every generated id and secret of the domain (seeded with `--seed`).
    let ids: IdentifierGenerator
    /// Callback delivery ids: a stream of their own, so queuing callbacks does not shift the seeded ids of
    /// transactions, events and the rest (golden payloads stay the same whether or not a callback URL is set).
    let callbackIds: IdentifierGenerator
    /// The scenarios checkouts select from, in listing order.
    let scenarios: [Scenario]
    /// The Kravia model of accounts without their own.
    let defaultLifecycle: KraviaLifecycle
    /// How long after an invoice is paid in full its transactions settle (a scenario may say otherwise).
    let settlementDelay: Duration

    /// The loaded scenario called `name`.
    func scenario(named name: String) -> Scenario? {
        scenarios.first { $0.name == name }
    }

    /// The scenario names a checkout can pick, for the hosted page's picker and error messages.
    var scenarioNames: [String] { scenarios.map(\.name) }
}
