import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// Every page answers server-rendered HTML from the ledger, with the data escaped and the page kept to its origin.
@Suite struct DashboardPageTests {
    static let pages = [
        "", "/transactions", "/sessions", "/invoices", "/callbacks", "/journal", "/scenarios", "/accounts",
    ]

    /// A sandbox with one transaction whose merchant reference is markup.
    static func sandboxWithHostileReference() -> (EngineClient, String) {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(reference: "<script>alert('x')</script>&")["transaction"]?.id ?? ""
        return (client, transaction)
    }

    @Test(arguments: pages)
    func eachPageIsHTMLWithTheDataEscaped(page: String) {
        let (client, transaction) = Self.sandboxWithHostileReference()
        let browser = DashboardBrowser(client.sandbox)
        let (status, html, response) = browser.open(DashboardAccess.prefix + page)
        #expect(status == 200)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
        #expect(!html.contains("<script>alert"), "the reference is escaped")
        #expect(html.components(separatedBy: "<script").count == 2, "one script element: the dashboard's own")
        #expect(!html.contains("src=\"http") && !html.contains("stylesheet\" href=\"http"), "no external assets")
        if ["", "/transactions", "/sessions", "/journal"].contains(page) {
            #expect(
                html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;") || page == "",
                "\(page) shows the reference")
        }
        if page == "/transactions" { #expect(html.contains(DashboardMarkup.transactionPath(transaction))) }
    }

    /// A page number past the last (up to `Int.max`, whose offset overflowed and ended the process) is a page
    /// with no rows, and a link back.
    @Test(arguments: ["/transactions", "/sessions"], ["9223372036854775807", "4611686018427387904", "0", "-5", "x"])
    func anyPageNumberIsAnswered(list: String, page: String) {
        let (client, transaction) = Self.sandboxWithHostileReference()
        let browser = DashboardBrowser(client.sandbox)
        let (status, html, _) = browser.open(DashboardAccess.prefix + list + "?page=" + page)
        #expect(status == 200)
        let firstPage = ["0", "-5", "x"].contains(page)
        #expect(html.contains(list == "/transactions" ? transaction : "&lt;script&gt;alert") == firstPage)
    }

    @Test func theTransactionPageShowsItsActionsTimelineAndInvoice() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout()["transaction"] ?? .null
        let browser = DashboardBrowser(client.sandbox)
        let (status, html, _) = browser.open(DashboardMarkup.transactionPath(transaction.id))
        #expect(status == 200)
        #expect(html.contains("data-testid=\"timeline-drawing\""))
        #expect(html.contains("data-testid=\"action-pay\""))
        #expect(html.contains("data-testid=\"action-refund\""))
        #expect(html.contains("data-testid=\"action-settle\""))
        #expect(!html.contains("data-testid=\"action-release\""), "not on hold")
        #expect(html.contains("href=\"/v1/files/"))
        #expect(html.contains("name=\"csrf\" value=\"\(browser.cookies[DashboardCSRF.cookie] ?? "?")\""))
    }

    @Test func anUnknownTransactionIsA404PageInTheFrame() {
        let browser = DashboardBrowser(EngineClient().sandbox)
        let (status, html, _) = browser.open(DashboardAccess.prefix + "/transactions/%3Cb%3Enope")
        #expect(status == 404)
        #expect(html.contains("There is no transaction &lt;b&gt;nope"))
    }

    @Test func transactionsAreFilteredAndNewestFirst() {
        let client = EngineClient.withScenarios()
        let first = client.checkout(reference: "order-a")["transaction"]?.id ?? ""
        client.clock(["advance": "PT1M"])
        let second = client.fresh().checkout(reference: "order-b")["transaction"]?.id ?? ""
        let failed =
            client.fresh().checkout(scenario: "registration-failed", reference: "order-c")["transaction"]?.id ?? ""
        let browser = DashboardBrowser(client.sandbox)
        let all = browser.open(DashboardAccess.prefix + "/transactions").html
        let positions = [failed, second, first].compactMap { all.range(of: $0)?.lowerBound }
        #expect(positions.count == 3 && positions == positions.sorted(), "newest first")
        let onlyFailed = browser.open(DashboardAccess.prefix + "/transactions?status=FAILED").html
        #expect(onlyFailed.contains(failed) && !onlyFailed.contains(first))
        let byReference = browser.open(DashboardAccess.prefix + "/transactions?merchant_reference=order-%5Bab%5D").html
        #expect(byReference.contains("2 matching"))
        let bad = browser.open(DashboardAccess.prefix + "/transactions?from=yesterday").html
        #expect(bad.contains("“yesterday” is not a time"))
    }

    @Test func theHomePageCountsByStatusAndHighlightsFailingCallbacks() throws {
        try withCallbackReceiver(statuses: [404]) { receiver in
            let client = EngineClient.authenticated()
            _ = client.checkout(callbackURL: receiver.url())
            client.advance(toSecondsAfterStart: 0)
            let html = DashboardBrowser(client.sandbox).open(DashboardAccess.prefix).html
            #expect(html.contains("data-testid=\"count-CAPTURED\""))
            #expect(html.contains("data-testid=\"failing-callbacks\""))
            #expect(html.contains("data-testid=\"resend-delivery\""))
            #expect(html.contains("data-testid=\"clock-state\">frozen<"))
        }
    }

    @Test func dashboardRequestsAreNotJournaled() {
        let client = EngineClient.withScenarios()
        let before = client.sandbox.journal.statistics.lastSeq
        let browser = DashboardBrowser(client.sandbox)
        for page in Self.pages { browser.open(DashboardAccess.prefix + page) }
        #expect(client.sandbox.journal.statistics.lastSeq == before)
    }
}
