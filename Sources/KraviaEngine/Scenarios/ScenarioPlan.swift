/// What the provider side does for one checkout, as chosen from a scenario.
struct ScenarioPlan: Sendable {
    /// How Kravia answers the registration of an invoice.
    enum Registration: Sendable, Equatable {
        case captured
        case onHold
        case failed(code: String, message: String)
    }

    var name: String
    /// Overrides the customer's BankID answer when set.
    var identity: IdentityOutcome?
    var registration: Registration = .captured
}
