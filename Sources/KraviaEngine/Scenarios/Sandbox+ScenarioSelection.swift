import SandboxHTTP
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

    /// The scenario names a checkout can pick, for the hosted page's picker.
    func scenarioNames() -> [String] {
        [
            "happy-path", "bankid-failure", "bankid-cancelled", "on-hold-then-captured", "on-hold-then-failed",
            "registration-failed", "partial-payment", "multiple-payments", "unpaid", "callback-chaos", "api-faults",
        ]
    }

    /// Schedules the scenario's later steps for a new transaction; called with the state locked.
    func scheduleScenario(_ plan: ScenarioPlan, for transactionId: String, at now: Timestamp, in state: inout SandboxState) {
        // Timelines land with the scenarios issue.
    }
}

extension Sandbox {
    /// Runs one step of a transaction's scenario timeline.
    func runScenarioStep(transactionId: String, stepIndex: Int, at due: Timestamp) {
        // Timelines land with the scenarios issue.
    }

    /// Issues a grouped invoice whose period has ended.
    func issueGroupedInvoice(number: String, at due: Timestamp) {
        // Grouped issuing lands with the scenarios issue.
    }

    /// Settles a fully paid transaction to the merchant.
    func settle(transactionId: String, at due: Timestamp) {
        // Settlement lands with the scenarios issue.
    }
}

extension Sandbox {
    /// How callbacks behave for transactions of the scenario `name`.
    func callbackBehaviour(scenario name: String, in state: SandboxState) -> CallbackBehaviour {
        .faithful
    }

    /// The response a scenario's API fault gives instead of handling `request`, if one applies now.
    func apiFault(for context: RequestContext) -> HTTPResponse? {
        nil
    }
}
