import SandboxSupport

/// Every transaction, newest first, filtered by status, payment type, merchant reference (a glob), account and
/// creation time, a page at a time.
struct TransactionsPage: DashboardPage {
    static let section = "transactions"
    let title = "Transactions"
    static let pageSize = 25

    /// What the filters ask for; each nil matches everything.
    struct Filter {
        var status: String?
        var paymentType: String?
        var reference: Glob?
        var account: String?
        var from: Timestamp?
        var to: Timestamp?
        /// Filters that could not be read, shown to the user instead of silently ignored.
        var problems: [String] = []

        init(_ view: DashboardView) {
            status = view.parameter("status")
            paymentType = view.parameter("payment_type")
            if let text = view.parameter("merchant_reference") {
                // Matching costs the pattern's length times each reference's (references may run to a megabyte):
                // a 7,000-character pattern took 7 s against one long reference.
                if text.count <= Self.referencePatternLimit {
                    reference = Glob(text)
                } else {
                    problems.append(
                        "A merchant reference pattern is at most \(Self.referencePatternLimit) characters; "
                            + "this one has \(text.count).")
                }
            }
            account = view.parameter("account")
            if let text = view.parameter("from") {
                from = Self.instant(text)
                if from == nil { problems.append("“\(text)” is not a time; use 2027-01-05 or 2027-01-05T10:00:00Z.") }
            }
            if let text = view.parameter("to") {
                to = Self.instant(text, endOfDay: true)
                if to == nil { problems.append("“\(text)” is not a time; use 2027-01-05 or 2027-01-05T10:00:00Z.") }
            }
        }

        /// The longest merchant reference pattern the list is filtered by.
        static let referencePatternLimit = 256

        /// An ISO instant, or a date (its start, or with `endOfDay` its last millisecond).
        static func instant(_ text: String, endOfDay: Bool = false) -> Timestamp? {
            if let instant = Timestamp(iso8601: text) { return instant }
            guard let date = CivilDate(text) else { return nil }
            return endOfDay ? date.adding(days: 1).startOfDay.adding(milliseconds: -1) : date.startOfDay
        }

        func matches(_ transaction: Transaction) -> Bool {
            if let status, transaction.status.rawValue != status { return false }
            if let paymentType, transaction.paymentProductType.rawValue != paymentType { return false }
            if let reference, !reference.matches(transaction.merchantReference) { return false }
            if let account, transaction.accountId != account { return false }
            if let from, transaction.createdAt < from { return false }
            if let to, transaction.createdAt > to { return false }
            return true
        }
    }

    var filter: Filter
    var accounts: [String]
    var listed: [Transaction]
    var total: Int
    var page: Int

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        let filter = Filter(view)
        let page = DashboardPaging.requestedPage(view, pageSize: Self.pageSize)
        self.filter = filter
        self.page = page
        let read = sandbox.ledger.read { ledger in
            let all = ledger.books.values.flatMap(\.transactions.all).filter(filter.matches)
            return (all, ledger.books.keys.sorted())
        }
        accounts = read.1
        // Newest first; within one instant (a frozen clock) the later created first.
        let sorted = read.0.enumerated().sorted {
            ($0.element.createdAt, $0.offset) > ($1.element.createdAt, $1.offset)
        }
        .map(\.element)
        total = sorted.count
        listed = Array(sorted.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize))
    }

    func html(_ view: DashboardView) -> String {
        let statuses = [("", "Any status")] + TransactionStatus.allCases.map { ($0.rawValue, $0.rawValue) }
        let types = [("", "Any type")] + KraviaPaymentType.allCases.map { ($0.rawValue, $0.rawValue) }
        let accountOptions = [("", "Any account")] + accounts.map { ($0, $0) }
        let problems = filter.problems.map { "<p class=\"notice bad\" role=\"alert\">\(HTML.escape($0))</p>" }.joined()
        let rows = listed.map { transaction -> [String] in
            [
                DashboardMarkup.link(
                    DashboardMarkup.transactionPath(transaction.id), transaction.id, testId: "transaction-link"),
                DashboardMarkup.badge(transaction.status.rawValue),
                HTML.escape(transaction.paymentProductType.rawValue),
                HTML.escape(transaction.merchantReference),
                HTML.money(transaction.amount, transaction.currency),
                DashboardMarkup.time(transaction.createdAt),
                HTML.escape(transaction.scenario),
            ]
        }
        return """
            <form method="get" action="\(DashboardAccess.prefix)/transactions" class="filters" data-testid="transaction-filters">
            \(DashboardMarkup.select("status", label: "Status", options: statuses, selected: filter.status ?? ""))
            \(DashboardMarkup.select("payment_type", label: "Payment type", options: types, selected: filter.paymentType ?? ""))
            \(DashboardMarkup.input("merchant_reference", label: "Merchant reference", value: view.parameter("merchant_reference"), placeholder: "order-*"))
            \(DashboardMarkup.select("account", label: "Account", options: accountOptions, selected: filter.account ?? ""))
            \(DashboardMarkup.input("from", label: "Created from", value: view.parameter("from"), placeholder: "2027-01-05"))
            \(DashboardMarkup.input("to", label: "Created until", value: view.parameter("to"), placeholder: "2027-01-31"))
            <button type="submit">Filter</button></form>
            \(problems)
            <p data-testid="transaction-total">\(total) matching, newest first.</p>
            \(DashboardMarkup.table(
                caption: "Transactions", headers: ["Transaction", "Status", "Payment type", "Merchant reference", "Amount", "Created", "Scenario"],
                rows: rows, testId: "transactions", empty: "No transaction matches."))
            \(DashboardPaging.links(view, page: page, total: total, pageSize: Self.pageSize))
            """
    }
}
