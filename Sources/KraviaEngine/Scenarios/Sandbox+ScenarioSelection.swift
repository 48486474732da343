extension Sandbox {
    /// The scenario for one checkout: the one named at completion, else the first whose `match` rule holds, else
    /// the account's default, else the sandbox-wide default, else `happy-path`.
    /// - Throws: a 400 naming `scenario` when the completion names a scenario that does not exist.
    func scenario(named name: String?, session: Session, billing: JSONValue?, in state: SandboxState) throws(APIError)
        -> Scenario
    {
        if let name {
            guard let named = scenario(named: name) else {
                throw .invalid(
                    "scenario", "unknown scenario \"\(name)\"; one of \(scenarioNames().joined(separator: ", "))")
            }
            return named
        }
        let email = billing?["email"]?.stringValue
        if let matched = scenarios.first(where: {
            $0.match?.matches(email: email, merchantReference: session.merchantReference, amount: session.amount)
                ?? false
        }) {
            return matched
        }
        let chosen = state.accounts[session.accountId]?.defaultScenario ?? state.defaultScenario ?? Scenario.defaultName
        return scenario(named: chosen) ?? scenario(named: Scenario.defaultName) ?? ScenarioCatalog.builtIn[0]
    }

    /// The loaded scenario called `name`.
    func scenario(named name: String) -> Scenario? {
        scenarios.first { $0.name == name }
    }

    /// The scenario names a checkout can pick, for the hosted page's picker.
    func scenarioNames() -> [String] {
        scenarios.map(\.name)
    }

    /// How callbacks behave for transactions of the scenario `name`.
    func callbackBehaviour(scenario name: String, in state: SandboxState) -> CallbackBehaviour {
        scenario(named: name)?.callbacks ?? .faithful
    }
}
