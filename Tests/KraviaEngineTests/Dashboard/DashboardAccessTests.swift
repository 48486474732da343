import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// With `--admin-token`, the dashboard asks for the token once and then trusts its cookie, on its own paths only.
@Suite struct DashboardAccessTests {
    static func guarded() -> Sandbox {
        var configuration = SandboxConfiguration.testing()
        configuration.adminToken = "s3cret-admin"
        return Sandbox(configuration: configuration)
    }

    static func logIn(_ browser: DashboardBrowser, token: String, next: String) -> HTTPResponse {
        browser.open(DashboardAccess.prefix + "/login?next=" + FormEncoding.encode(next))
        return browser.post(DashboardAccess.prefix + "/login", [("token", token), ("next", next)])
    }

    @Test func aPageWithoutTheCookieSendsTheBrowserToTheTokenPrompt() {
        let browser = DashboardBrowser(Self.guarded())
        let answer = browser.send("GET", DashboardAccess.prefix + "/invoices?status=paid")
        #expect(answer.status == 303)
        #expect(
            answer.location == DashboardAccess.prefix
                + "/login?next=%2F__sandbox%2Fdashboard%2Finvoices%3Fstatus%3Dpaid")
        let prompt = browser.open(answer.location)
        #expect(prompt.status == 200)
        #expect(prompt.html.contains("type=\"password\" name=\"token\""))
        #expect(browser.send("GET", DashboardAccess.prefix + "/live?after=0").status == 401)
        #expect(browser.send("POST", DashboardAccess.prefix + "/actions/clock").status == 401)
    }

    @Test func aWrongTokenIsRefusedAndTheRightOneSetsAnHttpOnlyCookie() {
        let browser = DashboardBrowser(Self.guarded())
        let wrong = Self.logIn(browser, token: "guess", next: DashboardAccess.prefix + "/invoices")
        #expect(wrong.status == 401)
        #expect(String(decoding: wrong.body, as: UTF8.self).contains("not this sandbox&#39;s admin token"))
        #expect(browser.cookies[DashboardAccess.adminCookie] == nil)
        let right = Self.logIn(browser, token: "s3cret-admin", next: DashboardAccess.prefix + "/invoices")
        #expect(right.status == 303)
        #expect(right.location == DashboardAccess.prefix + "/invoices")
        let cookie = right.headers.values(for: "Set-Cookie").first { $0.hasPrefix(DashboardAccess.adminCookie) } ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        #expect(cookie.contains("Path=/__sandbox/dashboard"))
        #expect(!cookie.contains("s3cret-admin"), "the cookie stands for the token without being it")
        #expect(browser.open(DashboardAccess.prefix + "/invoices").status == 200)
        #expect(browser.act("clock", [("advance", "PT1H")]).notice.notice == "Clock changed.")
    }

    @Test func theCookieOpensTheDashboardOnlyNotTheJSONControlAPI() {
        let browser = DashboardBrowser(Self.guarded())
        #expect(Self.logIn(browser, token: "s3cret-admin", next: DashboardAccess.prefix).status == 303)
        #expect(browser.send("GET", "/__sandbox/clock").status == 401)
        #expect(browser.send("GET", DashboardAccess.prefix).status == 200)
        #expect(browser.send("GET", DashboardAccess.prefix + "/journal.har").status == 200)
    }

    @Test func theLoginNeverRedirectsOffTheDashboard() {
        let browser = DashboardBrowser(Self.guarded())
        for next in ["//evil.example/", "https://evil.example/", "/v1/sessions", "/__sandbox/dashboard\\@evil"] {
            #expect(Self.logIn(browser, token: "s3cret-admin", next: next).location == DashboardAccess.prefix)
        }
    }

    @Test func withoutAnAdminTokenTheDashboardIsOpen() {
        let browser = DashboardBrowser(EngineClient().sandbox)
        #expect(browser.open(DashboardAccess.prefix).status == 200)
        #expect(browser.send("GET", DashboardAccess.prefix + "/login").location == DashboardAccess.prefix)
    }

    @Test func aBearerAdminTokenStillWorks() {
        let browser = DashboardBrowser(Self.guarded())
        let answer = browser.send("GET", DashboardAccess.prefix, headers: ["Authorization": "Bearer s3cret-admin"])
        #expect(answer.status == 200)
    }
}
