import SandboxSupport

/// Every loaded scenario: what it does, its definition, the transactions that used it, and which is the default.
struct ScenariosPage: DashboardPage {
    static let section = "scenarios"
    let title = "Scenarios"
    var scenarios: [Scenario]
    var defaultScenario: String
    var accountDefaults: [String: String]
    /// Transaction ids by scenario name, newest first.
    var usedBy: [String: [String]]

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        scenarios = sandbox.configuration.scenarios
        (defaultScenario, accountDefaults, usedBy) = sandbox.ledger.read { ledger in
            var used: [String: [(Timestamp, String)]] = [:]
            for book in ledger.books.values {
                for transaction in book.transactions.all {
                    used[transaction.scenario, default: []].append((transaction.createdAt, transaction.id))
                }
            }
            return (
                ledger.defaultScenario ?? Scenario.defaultName, ledger.books.compactMapValues(\.defaultScenario),
                used.mapValues { $0.sorted { $0 > $1 }.map(\.1) }
            )
        }
    }

    func html(_ view: DashboardView) -> String {
        let overrides = accountDefaults.sorted { $0.key < $1.key }.map {
            "\(HTML.escape($0.key)): \(HTML.escape($0.value))"
        }
        var html = """
            <p>The default for checkouts that neither name a scenario nor match a rule: \
            <strong data-testid="scenarios-default">\(HTML.escape(defaultScenario))</strong>\
            \(overrides.isEmpty ? "" : " (accounts with their own: " + overrides.joined(separator: ", ") + ")").</p>
            """
        for scenario in scenarios {
            let used = usedBy[scenario.name] ?? []
            let links = used.prefix(20).map { DashboardMarkup.link(DashboardMarkup.transactionPath($0), $0) }
            let isDefault = scenario.name == defaultScenario
            let choose =
                isDefault
                ? "<p><strong>This is the default.</strong></p>"
                : view.form(
                    DashboardForm(
                        action: "default-scenario", hidden: [("scenario", scenario.name)],
                        button: "Make it the default",
                        testId: "make-default-\(scenario.name)"))
            html += """
                <section class="card" aria-labelledby="scenario-\(HTML.escape(scenario.name))" data-testid="scenario">
                <h2 id="scenario-\(HTML.escape(scenario.name))">\(HTML.escape(scenario.name))</h2>
                <p>\(HTML.escape(scenario.description))</p><p class="muted">From \(HTML.escape(scenario.source)).</p>
                <p>Used by \(used.count) transaction\(used.count == 1 ? "" : "s")\(links.isEmpty ? "." : ": " + links.joined(separator: ", "))\(used.count > 20 ? " …" : "")</p>
                \(choose)
                <details><summary>Definition</summary>\(DashboardMarkup.json(scenario.document))</details></section>
                """
        }
        return html
    }
}
