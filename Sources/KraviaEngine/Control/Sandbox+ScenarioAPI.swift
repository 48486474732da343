import SandboxSupport

extension Sandbox {
    static var scenarioRoutes: [Route] {
        [
            Route("GET", "/__sandbox/scenarios") { try $0.listScenarios($1) },
            Route("PUT", "/__sandbox/scenarios/default") { try $0.chooseDefaultScenario($1) },
        ]
    }

    /// `GET /__sandbox/scenarios`: every loaded scenario with its name, description, source and match rule, and the
    /// defaults in force.
    func listScenarios(_ context: RequestContext) throws -> EndpointResult {
        let (global, perAccount) = ledger.read { ledger in
            (ledger.defaultScenario, ledger.books.compactMapValues(\.defaultScenario))
        }
        let list = configuration.scenarios.map { scenario -> JSONValue in
            [
                "name": .string(scenario.name), "description": .string(scenario.description),
                "source": .string(scenario.source), "match": scenario.document["match"] ?? .null,
                "definition": scenario.document,
            ]
        }
        return .json([
            "scenarios": .array(list), "default": .string(global ?? Scenario.defaultName),
            "account_defaults": .object(perAccount.mapValues(JSONValue.string)),
        ])
    }

    /// `PUT /__sandbox/scenarios/default {"scenario": "name"}`: the scenario for checkouts that neither name one
    /// nor match a rule. With `?account=T…` for that account only, else for every account without its own;
    /// `{"scenario": null}` goes back to the next default down (finally `happy-path`).
    func chooseDefaultScenario(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        if body["scenario"] == nil { validation.fail("scenario", "is required: a scenario name, or null to clear") }
        let name = validation.string(body, "scenario", at: "", required: false)
        let names = configuration.scenarios.map(\.name)
        if let name, !names.contains(name) {
            validation.fail("scenario", "unknown scenario \"\(name)\"; one of \(names.joined(separator: ", "))")
        }
        try validation.check()
        let account = context.query("account")
        try ledger.transact { ledger throws in try ledger.chooseDefaultScenario(name, account: account) }
        return .json(.object(dropping: ["account": account.map(JSONValue.string), "scenario": JSONValue(name)]))
    }
}
