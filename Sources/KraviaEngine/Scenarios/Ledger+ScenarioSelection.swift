import SandboxSupport

extension Ledger {
    /// The scenario for one checkout: the one named at completion, else the first whose `match` rule holds, else
    /// the account's default, else the sandbox-wide default, else `happy-path`.
    /// - Throws: a 400 naming `scenario` when the completion names a scenario that does not exist.
    func scenario(named name: String?, session: Session, billing: JSONValue?) throws(APIError) -> Scenario {
        let scenarios = environment.scenarios
        if let name {
            guard let named = environment.scenario(named: name) else {
                throw .invalid(
                    "scenario",
                    "unknown scenario \"\(name)\"; one of \(environment.scenarioNames.joined(separator: ", "))")
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
        let chosen = books[session.accountId]?.defaultScenario ?? defaultScenario ?? Scenario.defaultName
        return environment.scenario(named: chosen) ?? environment.scenario(named: Scenario.defaultName)
            ?? ScenarioCatalog.builtIn[0]
    }
}
