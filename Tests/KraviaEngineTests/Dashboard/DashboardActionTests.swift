import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// Actions are POSTs with the CSRF token, made as control API calls (journaled, gated) and answered `303` back.
@Suite struct DashboardActionTests {
    @Test func anActionWithoutTheCSRFTokenIsRefusedAndChangesNothing() {
        let client = EngineClient.withScenarios()
        let browser = DashboardBrowser(client.sandbox)
        let before = client.sandbox.clock.now()
        let forged = browser.post(
            DashboardAccess.prefix + "/actions/clock", [("advance", "P1D"), ("return", DashboardAccess.prefix)],
            csrf: "0123456789abcdef0123456789abcdef")
        #expect(forged.status == 403)
        browser.forget(DashboardCSRF.cookie)
        let noCookie = browser.send(
            "POST", DashboardAccess.prefix + "/actions/clock", body: Data("advance=P1D&csrf=x".utf8),
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(noCookie.status == 403)
        let otherOrigin = browser.post(
            DashboardAccess.prefix + "/actions/clock", [("advance", "P1D")], headers: ["Origin": "http://evil.example"])
        #expect(otherOrigin.status == 403)
        #expect(client.sandbox.clock.now() == before)
    }

    @Test func theClockIsAdvancedAndTheCallIsJournaled() {
        let client = EngineClient.withScenarios()
        let browser = DashboardBrowser(client.sandbox)
        let answer = browser.act("clock", [("advance", "P1D")], back: DashboardAccess.prefix + "?notice=old")
        #expect(answer.status == 303)
        #expect(answer.location == DashboardAccess.prefix + "?notice=Clock+changed.")
        #expect(client.sandbox.clock.now().iso8601 == "2027-01-06T10:00:00.000Z")
        let journaled = client.sandbox.journal.allEntries().map { "\($0.record.method) \($0.record.path)" }
        #expect(journaled.last == "POST /__sandbox/clock")
        #expect(!journaled.contains { $0.contains("/dashboard") })
    }

    @Test func payRefundAndSettleFromTheTransactionPage() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(amount: 50000)["transaction"] ?? .null
        let browser = DashboardBrowser(client.sandbox)
        let page = DashboardMarkup.transactionPath(transaction.id)
        #expect(
            browser.act("pay", [("invoice", transaction.invoiceNumber), ("amount", "100.50")], back: page).notice
                .notice == "Payment recorded on invoice \(transaction.invoiceNumber).")
        #expect(client.invoice(transaction.invoiceNumber)["amount_paid"] == 10050)
        let refund = browser.act("refund", [("transaction", transaction.id), ("amount", "10")], back: page)
        #expect(refund.notice.notice == "Refunded.")
        #expect(client.transaction(transaction.id)["status"] == "PARTIALLY_REFUNDED")
        #expect(browser.act("settle", [("transaction", transaction.id)], back: page).notice.notice == "Settled.")
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
        let again = browser.act("settle", [("transaction", transaction.id)], back: page).notice
        #expect(again.problem?.contains("already settled") == true)
    }

    @Test func releaseFromHold() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout(scenario: "on-hold-then-captured")["transaction"] ?? .null
        #expect(transaction["status"] == "ON_HOLD")
        let browser = DashboardBrowser(client.sandbox)
        #expect(browser.act("release", [("transaction", transaction.id)]).notice.notice == "Released from hold.")
        #expect(client.transaction(transaction.id)["status"] == "CAPTURED")
        #expect(browser.act("release", [("transaction", transaction.id)]).notice.problem?.contains("ON_HOLD") == true)
    }

    @Test func badInputComesBackAsAProblemNotice() {
        let client = EngineClient.withScenarios()
        let transaction = client.checkout()["transaction"] ?? .null
        let browser = DashboardBrowser(client.sandbox)
        #expect(
            browser.act("pay", [("invoice", transaction.invoiceNumber), ("amount", "lots")]).notice.problem
                == "“lots” is not an amount; type it like 1234.50.")
        #expect(
            browser.act("refund", [("transaction", transaction.id), ("amount", "1000000")]).notice.problem?
                .contains("exceeds the remaining") == true)
        #expect(browser.act("launch", []).notice.problem == "There is no dashboard action “launch”.")
        #expect(browser.act("clock", [("advance", "soon")]).notice.problem?.contains("ISO 8601 duration") == true)
        let away = browser.post(
            DashboardAccess.prefix + "/actions/clock", [("freeze", "true"), ("return", "//evil.example/")])
        #expect(away.location.hasPrefix(DashboardAccess.prefix + "?"), "never redirects off the dashboard")
    }

    @Test func aFailedCallbackIsResent() throws {
        try withCallbackReceiver(statuses: [404, 200]) { receiver in
            let client = EngineClient.authenticated()
            _ = client.checkout(callbackURL: receiver.url())
            client.advance(toSecondsAfterStart: 0)
            let failed = try #require(client.deliveries().first)
            #expect(failed["state"] == "failed")
            let browser = DashboardBrowser(client.sandbox)
            let id = failed["id"]?.stringValue ?? ""
            #expect(browser.act("resend", [("delivery", id)]).notice.notice == "Delivery queued again.")
            #expect(client.sandbox.deliverDueCallbacks())
            let resent = try #require(client.deliveries().first)
            #expect(resent["state"] == "delivered")
            #expect(resent["attempts"]?.arrayValue?.count == 2)
            #expect(browser.act("resend", [("delivery", id)]).notice.problem?.contains("only a failed one") == true)
        }
    }

    @Test func theDefaultScenarioIsChosen() {
        let client = EngineClient.withScenarios()
        let browser = DashboardBrowser(client.sandbox)
        #expect(browser.act("default-scenario", [("scenario", "unpaid")]).status == 303)
        #expect(client.send("GET", "/__sandbox/scenarios").body["default"] == "unpaid")
        #expect(
            browser.open(DashboardAccess.prefix + "/scenarios").html.contains(
                "data-testid=\"scenarios-default\">unpaid<"))
    }
}
