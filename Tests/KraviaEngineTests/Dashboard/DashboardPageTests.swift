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
        // A pattern longer than the list filters by is said so, and the list is left unfiltered.
        let pattern = String(repeating: "a", count: 257)
        let long = browser.open(DashboardAccess.prefix + "/transactions?merchant_reference=" + pattern).html
        #expect(long.contains("at most 256 characters; this one has 257"))
        #expect([first, second, failed].allSatisfy(long.contains))
    }

    /// Bodies are shown up to a bound: a big one by its beginning, a small one nested so deep that indenting it
    /// would multiply it compact (a megabyte nested 125 deep made a 134 MB journal page before).
    @Test func theJournalPageShowsBodiesUpToABound() {
        var client = EngineClient()
        client.authenticate()
        let nested = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let small = "{\"a\":[" + Array(repeating: nested, count: 100).joined(separator: ",") + "]}"
        let big = "{\"a\":[" + Array(repeating: nested, count: 2_000).joined(separator: ",") + "]}"
        for body in [small, big] {
            let headers: HTTPHeaders = [
                "Host": "sandbox.test", "Content-Type": "application/json",
                "Authorization": "Bearer " + (client.token ?? ""),
            ]
            let request = HTTPRequest(
                method: "POST", target: "/v1/sessions-profile", headers: headers, body: Data(body.utf8))
            #expect(client.sandbox.handle(request).status == 400, "journaled even though refused")
        }
        let html = DashboardBrowser(client.sandbox).open(DashboardAccess.prefix + "/journal").html
        #expect(html.contains("(shown compact: indented it would be longer)"))
        #expect(html.contains("the first 65536 of \(big.utf8.count) bytes"))
        #expect(html.utf8.count < 512 * 1024, "\(html.utf8.count) bytes")
    }

    /// A transaction refunded many times answers each refund with every event so far; its page shares a budget
    /// among the steps' bodies instead of showing every answer whole (quadratic in the refunds before).
    @Test func aLongTimelineSharesTheBudgetForBodies() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout()["transaction"]?.id ?? ""
        for _ in 0..<150 {
            #expect(client.send("POST", "/v1/transactions/\(transaction)/refund", json: ["amount": 1]).status == 200)
        }
        let (status, html, _) = DashboardBrowser(client.sandbox).open(DashboardMarkup.transactionPath(transaction))
        #expect(status == 200)
        #expect(html.contains("id=\"step-151\""))
        #expect(html.utf8.count < 5 * 1024 * 1024, "\(html.utf8.count) bytes")
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
