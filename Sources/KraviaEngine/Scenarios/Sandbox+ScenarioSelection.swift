extension Sandbox {
    /// The plan for one checkout: the named scenario, else a match rule, else the account default, else happy-path.
    func scenarioPlan(named name: String?, session: Session, billing: JSONValue?, in state: SandboxState) throws(APIError)
        -> ScenarioPlan
    {
        let chosen = name ?? state.accounts[session.accountId]?.defaultScenario ?? "happy-path"
        switch chosen {
        case "happy-path", "unpaid", "partial-payment", "multiple-payments", "callback-chaos", "api-faults":
            return ScenarioPlan(name: chosen)
        case "bankid-failure": return ScenarioPlan(name: chosen, identity: .reject)
        case "bankid-cancelled": return ScenarioPlan(name: chosen, identity: .cancel)
        case "on-hold-then-captured", "on-hold-then-failed": return ScenarioPlan(name: chosen, registration: .onHold)
        case "registration-failed":
            return ScenarioPlan(
                name: chosen, registration: .failed(code: "REGISTRATION_FAILED", message: "Kravia rejected the invoice"))
        default:
            throw .invalid("scenario", "unknown scenario \"\(chosen)\"")
        }
    }

    /// Schedules the scenario's later steps for a new transaction; called with the state locked.
    func scheduleScenario(_ plan: ScenarioPlan, for transactionId: String, at now: Timestamp, in state: inout SandboxState) {
        // Timelines land with the scenarios issue.
    }
}
