import SandboxSupport

/// Every checkout session, newest first, a page at a time, with its last event and its transaction.
struct SessionsPage: DashboardPage {
    static let section = "sessions"
    let title = "Sessions"
    static let pageSize = 50
    var listed: [Session]
    var total: Int
    var page: Int

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        page = DashboardPaging.requestedPage(view, pageSize: Self.pageSize)
        let account = view.parameter("account")
        let all = sandbox.ledger.read { ledger in
            ledger.books.values.filter { account == nil || $0.account.id == account }.flatMap(\.sessions.all)
        }
        let sorted = all.enumerated().sorted { ($0.element.createdAt, $0.offset) > ($1.element.createdAt, $1.offset) }
            .map(\.element)
        total = sorted.count
        listed = Array(sorted.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize))
    }

    func html(_ view: DashboardView) -> String {
        let rows = listed.map { session -> [String] in
            let state = session.cancelledAt != nil ? "CANCELLED" : session.events.last?.name ?? "CREATED"
            return [
                "<code>\(HTML.escape(session.id))</code>", DashboardMarkup.badge(state),
                HTML.escape(session.merchantReference), HTML.money(session.amount, session.currency),
                DashboardMarkup.time(session.createdAt), DashboardMarkup.time(session.expiresAt),
                session.transactionId.map { DashboardMarkup.link(DashboardMarkup.transactionPath($0), $0) } ?? "—",
                "<details><summary>JSON</summary>\(DashboardMarkup.json(session.json))</details>",
            ]
        }
        return """
            <p>\(total) sessions, newest first.</p>
            \(DashboardMarkup.table(
                caption: "Checkout sessions", headers: ["Session", "State", "Merchant reference", "Amount", "Created", "Expires", "Transaction", "Details"],
                rows: rows, testId: "sessions", empty: "No session yet."))
            \(DashboardPaging.links(view, page: page, total: total, pageSize: Self.pageSize))
            """
    }
}
