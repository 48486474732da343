import Foundation
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

@testable import KraviaEngine

/// `GET /__sandbox/dashboard/live?after=SEQ`: a long poll woken by the journal's next entry.
@Suite struct DashboardLiveTests {
    static func live(_ sandbox: Sandbox, after: Int) -> JSONValue {
        let browser = DashboardBrowser(sandbox)
        let response = browser.send("GET", DashboardAccess.prefix + "/live?after=\(after)")
        return (try? JSONParser.parse(response.body)) ?? .null
    }

    @Test func aPageBehindTheJournalIsAnsweredAtOnce() {
        let client = EngineClient.withScenarios()
        _ = client.checkout()
        // The checkout's callback attempt is journaled by the background runner: let it land first.
        #expect(client.sandbox.deliverDueCallbacks())
        let last = client.sandbox.journal.statistics.lastSeq
        #expect(Self.live(client.sandbox, after: 0) == ["seq": JSONValue(last), "changed": true])
        #expect(Self.live(client.sandbox, after: last + 50) == ["seq": JSONValue(last), "changed": true])
    }

    @Test func anUpToDatePageWaitsForTheNextEntry() {
        let client = EngineClient.withScenarios()
        let sandbox = client.sandbox
        let last = sandbox.journal.statistics.lastSeq
        // The control call that wakes the poll is made only once the poll is registered and waiting.
        Thread.detachNewThread {
            guard eventually({ sandbox.journal.waiterCount == 1 }) else { return }
            EngineClient(sandbox: sandbox).send("POST", "/__sandbox/clock", json: ["advance": "PT1M"])
        }
        #expect(Self.live(sandbox, after: last) == ["seq": JSONValue(last + 1), "changed": true])
        #expect(sandbox.journal.waiterCount == 0)
    }

    @Test func aMalformedPositionIsA400() {
        let browser = DashboardBrowser(EngineClient().sandbox)
        #expect(browser.send("GET", DashboardAccess.prefix + "/live?after=-1").status == 400)
        #expect(browser.send("GET", DashboardAccess.prefix + "/live").status == 400)
    }
}
