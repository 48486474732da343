import SandboxHTTP
import SandboxSupport

/// Every Kravia invoice with its status (issued, overdue, paid, withdrawn), payments and what is still due, and
/// a form to record a customer payment.
struct InvoicesPage: DashboardPage {
    static let section = "invoices"
    let title = "Invoices"
    var invoices: [Invoice]

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        let status = view.parameter("status")
        let now = context.now
        invoices = sandbox.ledger.read { ledger in ledger.books.values.flatMap(\.invoices.all) }
            .filter { status == nil || $0.status(now: now) == status }
            .sorted { ($0.issueDate, $0.number) > ($1.issueDate, $1.number) }
    }

    func html(_ view: DashboardView) -> String {
        let statuses = ["", "pending", "issued", "overdue", "paid", "withdrawn"].map {
            ($0, $0.isEmpty ? "Any status" : $0)
        }
        let rows = invoices.map { invoice -> [String] in
            let status = invoice.status(now: view.now)
            let payments =
                invoice.payments.isEmpty
                ? "—"
                : invoice.payments.map {
                    "\(HTML.money($0.amount, invoice.currency)) \(DashboardMarkup.time($0.paidAt))"
                }
                .joined(separator: "<br>")
            let pay =
                invoice.due > 0 && invoice.isIssued
                ? view.form(
                    DashboardForm(
                        action: "pay", hidden: [("invoice", invoice.number)],
                        inputs: DashboardMarkup.input(
                            "amount", label: "Amount", value: TransactionPage.major(invoice.due)),
                        button: "Pay", testId: "invoice-pay"))
                : ""
            return [
                "<a href=\"/v1/files/\(HTML.escape(FormEncoding.encode(invoice.fileId)))\">\(HTML.escape(invoice.number))</a>",
                DashboardMarkup.badge(status), HTML.money(invoice.amount, invoice.currency),
                HTML.money(invoice.paid, invoice.currency), HTML.money(invoice.due, invoice.currency),
                DashboardMarkup.date(invoice.issueDate), DashboardMarkup.date(invoice.dueDate),
                invoice.transactionIds.map { DashboardMarkup.link(DashboardMarkup.transactionPath($0), $0) }
                    .joined(separator: "<br>"),
                payments, pay,
            ]
        }
        return """
            <form method="get" action="\(DashboardAccess.prefix)/invoices" class="filters">\
            \(DashboardMarkup.select("status", label: "Status", options: statuses, selected: view.parameter("status") ?? ""))\
            <button type="submit">Filter</button></form>
            \(DashboardMarkup.table(
                caption: "Invoices, newest issue date first", headers: ["Invoice (PDF)", "Status", "Amount", "Paid", "Due", "Issued", "Due date", "Transactions", "Payments", "Record a payment"],
                rows: rows, testId: "invoices", empty: "No invoice yet."))
            """
    }
}
