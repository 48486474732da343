import SandboxSupport

/// Every callback and webhook delivery, newest first, by state, with its attempts, and a re-send button for the
/// failed ones.
struct CallbacksPage: DashboardPage {
    static let section = "callbacks"
    let title = "Callbacks & webhooks"
    var deliveries: [CallbackDelivery]

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        let state = view.parameter("state")
        let transaction = view.parameter("transaction_id")
        deliveries = sandbox.ledger.read { ledger in ledger.books.values.flatMap(\.deliveries.all) }
            .filter { state == nil || $0.state.rawValue == state }
            .filter { transaction == nil || $0.transactionId == transaction }
            .sorted { $0.sequence > $1.sequence }
    }

    func html(_ view: DashboardView) -> String {
        let states = [("", "Any state")] + CallbackDelivery.State.allCases.map { ($0.rawValue, $0.rawValue) }
        let counts = CallbackDelivery.State.allCases.map { state in
            "\(deliveries.filter { $0.state == state }.count) \(state.rawValue)"
        }
        return """
            <form method="get" action="\(DashboardAccess.prefix)/callbacks" class="filters">\
            \(DashboardMarkup.select("state", label: "State", options: states, selected: view.parameter("state") ?? ""))\
            <button type="submit">Filter</button></form>
            <p data-testid="delivery-counts">\(counts.joined(separator: " · "))</p>
            \(Self.table(deliveries, view: view, caption: "Deliveries, newest first"))
            """
    }

    /// The deliveries' table, also on the home page's "failing callbacks".
    static func table(_ deliveries: [CallbackDelivery], view: DashboardView, caption: String) -> String {
        let rows = deliveries.map { delivery -> [String] in
            let kind =
                delivery.webhook.map { "webhook \($0.event.rawValue)" }
                ?? "callback \(delivery.event?.rawValue ?? delivery.trigger.rawValue)"
            let last =
                delivery.attempts.last.map { attempt in
                    (attempt.status.map { "HTTP \($0)" } ?? "no response") + (attempt.error.map { " — " + $0 } ?? "")
                } ?? "not tried yet"
            let resend =
                delivery.state == .failed
                ? view.form(
                    DashboardForm(
                        action: "resend", hidden: [("delivery", delivery.id)], button: "Re-send",
                        testId: "resend-delivery"))
                : ""
            let attempts = delivery.attempts.map { attempt in
                "<li>#\(attempt.number) \(DashboardMarkup.time(attempt.sandboxTime)): "
                    + HTML.escape(attempt.status.map { "HTTP \($0)" } ?? "no response")
                    + " in \(Int(attempt.durationMilliseconds.rounded())) ms"
                    + (attempt.error.map { " — " + HTML.escape($0) } ?? "")
                    + (attempt.nextAttemptAt.map { "; retry at " + DashboardMarkup.time($0) } ?? "") + "</li>"
            }.joined()
            return [
                "<code>\(HTML.escape(delivery.id))</code>", HTML.escape(kind),
                DashboardMarkup.badge(delivery.state.rawValue),
                delivery.transactionId.map { DashboardMarkup.link(DashboardMarkup.transactionPath($0), $0) } ?? "—",
                "<details><summary>\(delivery.attempts.count) · \(HTML.escape(last))</summary><p><code>\(HTML.escape(delivery.method)) \(HTML.escape(delivery.url))</code></p><ol class=\"attempts\">\(attempts)</ol></details>",
                delivery.nextAttemptAt.map(DashboardMarkup.time) ?? "—", resend,
            ]
        }
        return DashboardMarkup.table(
            caption: caption,
            headers: ["Delivery", "What", "State", "Transaction", "Attempts", "Next attempt", "Action"],
            rows: rows, testId: "deliveries", empty: "No delivery.")
    }
}
