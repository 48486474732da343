import Foundation
import SandboxHTTP
import SandboxSupport

extension Sandbox {
    static var dashboardRoutes: [Route] {
        let prefix = DashboardAccess.prefix
        return [
            Route("GET", prefix) { .response($0.dashboardPage($1, HomePage.self)) },
            Route("GET", prefix + "/transactions") { .response($0.dashboardPage($1, TransactionsPage.self)) },
            Route("GET", prefix + "/transactions/{transaction_id}") {
                .response($0.dashboardPage($1, TransactionPage.self))
            },
            Route("GET", prefix + "/sessions") { .response($0.dashboardPage($1, SessionsPage.self)) },
            Route("GET", prefix + "/invoices") { .response($0.dashboardPage($1, InvoicesPage.self)) },
            Route("GET", prefix + "/callbacks") { .response($0.dashboardPage($1, CallbacksPage.self)) },
            Route("GET", prefix + "/journal") { .response($0.dashboardPage($1, JournalPage.self)) },
            Route("GET", prefix + "/scenarios") { .response($0.dashboardPage($1, ScenariosPage.self)) },
            Route("GET", prefix + "/accounts") { .response($0.dashboardPage($1, AccountsPage.self)) },
            Route("GET", prefix + "/journal.har") {
                try $0.exportJournal($1.retargeted(to: "/__sandbox/journal/export?format=har"))
            },
            Route("GET", prefix + "/live") { .response($0.dashboardLive($1)) },
            Route("GET", prefix + "/dashboard.css") { _, _ in .response(DashboardAsset.styles) },
            Route("GET", prefix + "/dashboard.js") { _, _ in .response(DashboardAsset.script) },
            Route("GET", prefix + "/favicon.svg") { _, _ in .response(DashboardAsset.icon) },
            Route("GET", prefix + "/login") { .response($0.dashboardLogin($1)) },
            Route("POST", prefix + "/login") { .response($0.dashboardLogIn($1)) },
            Route("POST", prefix + "/actions/{action}") { .response($0.dashboardAction($1)) },
        ]
    }

    /// A page: its data read from the ledger and the journal, then rendered; a page's own 404 keeps the frame.
    func dashboardPage<Page: DashboardPage>(_ context: RequestContext, _ page: Page.Type) -> HTTPResponse {
        let view = DashboardView(context, journalSeq: journal.statistics.lastSeq)
        let built = Page(sandbox: self, context: context, view: view)
        return DashboardLayout.page(
            title: built.title, section: Page.section, main: built.html(view), view: view, status: built.status)
    }
}

/// One page of the dashboard: built from the sandbox's state for one request, then rendered as `main`'s content.
protocol DashboardPage {
    /// The navigation section it belongs to.
    static var section: String { get }
    /// Reads what the page shows; the ledger is read under its lock once, and nothing is changed.
    init(sandbox: Sandbox, context: RequestContext, view: DashboardView)
    /// The page's `h1` and title.
    var title: String { get }
    /// 200, or 404 for a transaction that does not exist.
    var status: Int { get }
    /// The content of `main`, everything from the data escaped.
    func html(_ view: DashboardView) -> String
}

extension DashboardPage {
    var status: Int { 200 }
}
