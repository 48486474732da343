import SandboxSupport

/// The first page: transactions by status, the clock and its controls, the default scenario, the latest journal
/// entries, and callbacks that are failing.
struct HomePage: DashboardPage {
    static let section = "home"
    let title = "Overview"
    /// Transactions per status, every account together, in the statuses' own order.
    var counts: [(status: TransactionStatus, count: Int)]
    var sessionCount: Int
    var overdueInvoices: Int
    var clock: (now: Timestamp, frozen: Bool, nextDue: Timestamp?, pending: Int)
    var defaultScenario: String
    var scenarioNames: [String]
    var accounts: [String]
    var recent: [JournalEntry]
    /// Deliveries given up, and pending ones whose last attempt failed, newest first.
    var failing: [CallbackDelivery]

    /// How many journal entries "recent activity" shows.
    static let recentCount = 12

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        let now = context.now
        let read = sandbox.ledger.read { ledger in
            var byStatus: [TransactionStatus: Int] = [:]
            var sessions = 0
            var overdue = 0
            var failing: [CallbackDelivery] = []
            for book in ledger.books.values {
                for transaction in book.transactions.all { byStatus[transaction.status, default: 0] += 1 }
                sessions += book.sessions.count
                overdue += book.invoices.all.filter { $0.status(now: now) == "overdue" }.count
                failing += book.deliveries.all.filter(\.isFailing)
            }
            return (
                byStatus, sessions, overdue, failing, ledger.defaultScenario, ledger.timeline.nextDue,
                ledger.timeline.count, ledger.books.keys.sorted()
            )
        }
        counts = TransactionStatus.allCases.compactMap { status in read.0[status].map { (status, $0) } }
        sessionCount = read.1
        overdueInvoices = read.2
        failing = Array(read.3.sorted { $0.sequence > $1.sequence }.prefix(10))
        defaultScenario = read.4 ?? Scenario.defaultName
        clock = (sandbox.clock.now(), sandbox.clock.isFrozen, read.5, read.6)
        accounts = read.7
        scenarioNames = sandbox.configuration.scenarios.map(\.name)
        var filter = JournalFilter()
        filter.after = max(0, view.journalSeq - Self.recentCount)
        recent = sandbox.journal.entries(matching: filter).reversed()
    }

    func html(_ view: DashboardView) -> String {
        let total = counts.reduce(0) { $0 + $1.count }
        var cards =
            "<li><a href=\"\(DashboardAccess.prefix)/transactions\"><strong>\(total)</strong> transactions</a></li>"
        for (status, count) in counts {
            cards += """
                <li data-testid="count-\(status.rawValue)"><a href="\(DashboardAccess.prefix)/transactions?status=\(status.rawValue)">\
                <strong>\(count)</strong> \(DashboardMarkup.badge(status.rawValue))</a></li>
                """
        }
        cards += "<li><a href=\"\(DashboardAccess.prefix)/sessions\"><strong>\(sessionCount)</strong> sessions</a></li>"
        cards +=
            "<li><a href=\"\(DashboardAccess.prefix)/invoices\"><strong>\(overdueInvoices)</strong> overdue invoices</a></li>"
        return """
            <section aria-labelledby="counts-h"><h2 id="counts-h">Transactions by status</h2>
            <ul class="cards" data-testid="status-counts">\(cards)</ul></section>
            <div class="columns">
            \(clockSection(view))
            \(scenarioSection(view))
            </div>
            \(failingSection(view))
            <section aria-labelledby="recent-h"><h2 id="recent-h">Recent activity</h2>
            \(JournalPage.table(recent, caption: "The latest journal entries, newest first", testId: "recent-activity"))
            <p>\(DashboardMarkup.link(DashboardAccess.prefix + "/journal", "The whole journal"))</p></section>
            """
    }

    private func clockSection(_ view: DashboardView) -> String {
        let state = clock.frozen ? "frozen" : "running"
        let next = clock.nextDue.map { "next job due \(DashboardMarkup.time($0)), " } ?? ""
        let advance = DashboardForm(
            action: "clock",
            inputs: DashboardMarkup.input("advance", label: "Advance by", value: "PT1H", placeholder: "PT1H, P3D, P1M"),
            button: "Advance", testId: "clock-advance")
        let set = DashboardForm(
            action: "clock",
            inputs: DashboardMarkup.input("set", label: "Set to", value: clock.now.iso8601),
            button: "Set", testId: "clock-set")
        let freeze = DashboardForm(
            action: "clock", hidden: [("freeze", clock.frozen ? "false" : "true")],
            button: clock.frozen ? "Let it run" : "Freeze", testId: "clock-freeze")
        return """
            <section aria-labelledby="clock-h" data-testid="clock"><h2 id="clock-h">Sandbox clock</h2>
            <p>Sandbox time is <strong data-testid="clock-now">\(DashboardMarkup.time(clock.now))</strong>; the clock is \
            <strong data-testid="clock-state">\(state)</strong>; \(next)\(clock.pending) timed jobs pending.</p>
            \(view.form(advance))\(view.form(set))\(view.form(freeze))</section>
            """
    }

    private func scenarioSection(_ view: DashboardView) -> String {
        let choose = DashboardForm(
            action: "default-scenario",
            inputs: DashboardMarkup.select(
                "scenario", label: "Default scenario", options: scenarioNames.map { ($0, $0) },
                selected: defaultScenario)
                + DashboardMarkup.select(
                    "account", label: "For", options: [("", "every account")] + accounts.map { ($0, $0) },
                    selected: ""),
            button: "Make default", testId: "default-scenario")
        return """
            <section aria-labelledby="scenario-h"><h2 id="scenario-h">Default scenario</h2>
            <p>Checkouts that neither name a scenario nor match a rule get \
            <strong data-testid="default-scenario-name">\(HTML.escape(defaultScenario))</strong>.</p>
            \(view.form(choose))<p>\(DashboardMarkup.link(DashboardAccess.prefix + "/scenarios", "Every scenario"))</p></section>
            """
    }

    private func failingSection(_ view: DashboardView) -> String {
        guard !failing.isEmpty else {
            return """
                <section aria-labelledby="failing-h"><h2 id="failing-h">Failing callbacks</h2>
                <p class="empty" data-testid="failing-callbacks-empty">No callback is failing.</p></section>
                """
        }
        return """
            <section class="alarm" aria-labelledby="failing-h" data-testid="failing-callbacks">
            <h2 id="failing-h">Failing callbacks (\(failing.count))</h2>
            \(CallbacksPage.table(failing, view: view, caption: "Deliveries given up or failing, newest first"))</section>
            """
    }
}

extension CallbackDelivery {
    /// Given up, or still trying after a failed attempt.
    var isFailing: Bool {
        state == .failed || (state == .pending && attempts.last.map { $0.error != nil } == true)
    }
}
