import SandboxHTTP
import SandboxSupport

/// One transaction: what it is, what can be done to it, its life as a timeline, and every step's request and
/// response.
struct TransactionPage: DashboardPage {
    static let section = "transactions"
    var id: String
    var transaction: Transaction?
    var invoice: Invoice?
    var timeline: TransactionTimeline?

    var title: String { transaction == nil ? "No such transaction" : "Transaction \(id)" }
    var status: Int { transaction == nil ? 404 : 200 }

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        id = context.parameter("transaction_id")
        let id = id
        (transaction, invoice) = sandbox.ledger.read { ledger in
            let transaction = ledger[transaction: id]
            let invoice = transaction?.invoiceNumber.flatMap { number in
                ledger.books[Ledger.accountId(ofObject: id)]?.invoices[number]
            }
            return (transaction, invoice)
        }
        timeline = sandbox.dashboardTimeline(of: id)
    }

    func html(_ view: DashboardView) -> String {
        guard let transaction, let timeline else {
            return "<p data-testid=\"not-found\">There is no transaction \(HTML.escape(id)). "
                + DashboardMarkup.link(DashboardAccess.prefix + "/transactions", "All transactions") + "</p>"
        }
        let drawing = TimelineDrawing(timeline: timeline, caption: "The life of transaction \(transaction.id)")
        return """
            <div class="columns">\(summary(transaction, view))\(actions(transaction, view))</div>
            <section aria-labelledby="timeline-h" data-testid="timeline"><h2 id="timeline-h">Timeline</h2>
            <div class="drawing" tabindex="0">\(drawing.svg())</div>
            \(legend)
            <ol class="steps" data-testid="timeline-steps">\(timeline.marks.enumerated().map(step).joined())</ol></section>
            <section aria-labelledby="raw-h"><h2 id="raw-h">As the API returns it</h2>
            <details><summary>GET /v1/transactions/\(HTML.escape(transaction.id))</summary>\(DashboardMarkup.json(transaction.json))</details>
            <p>\(DashboardMarkup.link(DashboardAccess.prefix + "/journal?transaction_id=" + FormEncoding.encode(transaction.id), "Its journal entries"))
            · \(DashboardMarkup.link(DashboardAccess.prefix + "/callbacks?transaction_id=" + FormEncoding.encode(transaction.id), "Its callbacks"))</p></section>
            """
    }

    private func summary(_ transaction: Transaction, _ view: DashboardView) -> String {
        let currency = transaction.currency
        var rows = [
            (
                "Status",
                "<span data-testid=\"transaction-status\">\(DashboardMarkup.badge(transaction.status.rawValue))</span>"
            ),
            ("Amount", HTML.money(transaction.amount, currency)),
            (
                "Refunded",
                "<span data-testid=\"transaction-refunded\">\(HTML.money(transaction.refundedAmount, currency))</span>"
            ),
            ("Payment type", HTML.escape(transaction.paymentProductType.rawValue)),
            ("Merchant reference", HTML.escape(transaction.merchantReference)),
            ("Account", HTML.escape(transaction.accountId)),
            ("Session", HTML.escape(transaction.sessionId)),
            ("Scenario", HTML.escape(transaction.scenario)),
            ("Model", HTML.escape(transaction.lifecycle.rawValue)),
            ("Created", DashboardMarkup.time(transaction.createdAt)),
        ]
        if let invoice {
            rows.append(
                (
                    "Invoice",
                    "\(HTML.escape(invoice.number)) \(DashboardMarkup.badge(invoice.status(now: view.now))) · "
                        + "<span data-testid=\"invoice-due\">\(HTML.money(invoice.due, invoice.currency))</span> due "
                        + "\(DashboardMarkup.date(invoice.dueDate)) · "
                        + "<a href=\"/v1/files/\(HTML.escape(FormEncoding.encode(invoice.fileId)))\" data-testid=\"invoice-pdf\">PDF</a>"
                ))
        }
        let list = rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined()
        return
            "<section aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">Summary</h2><dl class=\"facts\">\(list)</dl></section>"
    }

    private func actions(_ transaction: Transaction, _ view: DashboardView) -> String {
        var forms: [String] = []
        if let invoice, invoice.due > 0, !invoice.withdrawn {
            forms.append(
                view.form(
                    DashboardForm(
                        action: "pay", hidden: [("invoice", invoice.number)],
                        inputs: DashboardMarkup.input(
                            "amount", label: "Amount (\(invoice.currency))", value: Self.major(invoice.due)),
                        button: "Customer pays the invoice", testId: "action-pay")))
        }
        if transaction.allows(.refund) {
            let remaining = transaction.amount - transaction.refundedAmount
            forms.append(
                view.form(
                    DashboardForm(
                        action: "refund", hidden: [("transaction", transaction.id)],
                        inputs: DashboardMarkup.input(
                            "amount", label: "Amount (\(transaction.currency))", value: Self.major(remaining)),
                        button: "Refund", testId: "action-refund")))
        }
        if transaction.allows(.release) {
            forms.append(
                view.form(
                    DashboardForm(
                        action: "release", hidden: [("transaction", transaction.id)], button: "Release from hold",
                        testId: "action-release")))
        }
        if transaction.allows(.settle), !transaction.isSettled {
            forms.append(
                view.form(
                    DashboardForm(
                        action: "settle", hidden: [("transaction", transaction.id)], button: "Settle now",
                        testId: "action-settle")))
        }
        let content =
            forms.isEmpty
            ? "<p class=\"empty\">Nothing can be done to a \(transaction.status.rawValue) transaction.</p>"
            : forms.joined()
        return
            "<section aria-labelledby=\"actions-h\" data-testid=\"actions\"><h2 id=\"actions-h\">Actions</h2>\(content)</section>"
    }

    private var legend: String {
        """
        <p class="legend"><span class="dot good"></span> done · <span class="dot wait"></span> waiting · \
        <span class="dot bad"></span> failed · <span class="dot pending"></span> still to come. The axis is \
        compressed: distances grow with the logarithm of the time between steps.</p>
        """
    }

    /// The most shown of each body in the steps: the page's 4 MiB for bodies shared by its steps, at least 4 KiB
    /// each (a transaction refunded a thousand times answered each refund with all its events, and showing every
    /// answer whole made a 370 MB page).
    private var stepBodyLimit: Int {
        let steps = max(1, timeline?.marks.count ?? 1)
        return min(DashboardMarkup.displayLimit, max(4 * 1024, 4 * 1024 * 1024 / (2 * steps)))
    }

    private func step(_ index: Int, _ mark: TransactionTimeline.Mark) -> String {
        var body = mark.detail.isEmpty ? "" : "<p>\(HTML.escape(mark.detail))</p>"
        if let exchange = mark.exchange {
            let limit = stepBodyLimit
            let requestType = exchange.requestHeaders["Content-Type"]
            let responseType = exchange.responseHeaders["Content-Type"]
            body += """
                <h3>Request</h3><p><code>\(HTML.escape(exchange.method)) \(HTML.escape(exchange.url))</code></p>
                \(DashboardMarkup.headers(exchange.requestHeaders.map { ($0.name, $0.value) }))
                \(DashboardMarkup.body(exchange.requestBody, contentType: requestType, limit: limit))
                <h3>Response</h3><p>\(exchange.status.map { "HTTP \($0)" } ?? "No response")</p>
                \(DashboardMarkup.headers(exchange.responseHeaders.map { ($0.name, $0.value) }))
                \(DashboardMarkup.body(exchange.responseBody, contentType: responseType, limit: limit))
                """
        }
        if let record = mark.record { body += DashboardMarkup.json(record) }
        if body.isEmpty { body = "<p class=\"empty\">Nothing more to show.</p>" }
        return """
            <li id="step-\(index + 1)" data-kind="\(mark.kind.rawValue)" class="\(mark.tone.rawValue)"><details id="step-details-\(index + 1)">\
            <summary><span class="step-number">\(index + 1).</span> \(DashboardMarkup.time(mark.at)) · \
            \(HTML.escape(mark.lane.rawValue)) · <strong>\(HTML.escape(mark.label))</strong>\
            \(mark.detail.isEmpty ? "" : " — " + HTML.escape(mark.detail))</summary>\(body)</details></li>
            """
    }

    /// Minor units as a plain decimal for an input, e.g. `1234.50`.
    static func major(_ minor: Int) -> String {
        let cents = minor % 100
        return "\(minor / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
