import Foundation
import KraviaEngine
import Testing

/// The background runner for a running clock. These wait for an outcome with a generous deadline; they assert
/// what happens, never how fast.
@Suite struct TimelineRunnerTests {
    /// Polls `condition` until it holds or `seconds` pass.
    static func eventually(within seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    @Test func aRunningClockFiresAStepWhenItFallsDue() {
        var configuration = SandboxConfiguration()
        configuration.seed = 3
        let sandbox = Sandbox(configuration: configuration)
        sandbox.start()
        defer { sandbox.shutdown() }
        var client = EngineClient(sandbox: sandbox)
        client.authenticate()
        let transaction = client.checkout(scenario: "on-hold-then-captured")["transaction"] ?? .null
        #expect(transaction["status"] == "ON_HOLD")
        // Bring the release within a few hundred milliseconds of wall time, without a clock call running it.
        let created = Timestamp(iso8601: transaction["created_at"]?.stringValue ?? "")!
        client.send(
            "POST", "/__sandbox/clock", json: ["set": .string(created.adding(milliseconds: 3_600_000 - 300).iso8601)])
        #expect(client.transaction(transaction.id)["status"] == "ON_HOLD")
        #expect(Self.eventually { client.transaction(transaction.id)["status"] == "CAPTURED" })
    }

    @Test func aFrozenClockRunsNothingUntilAdvancedAndShutdownIsIdempotent() {
        let sandbox = Sandbox(configuration: .testing())
        sandbox.start()
        sandbox.start()
        var client = EngineClient(sandbox: sandbox)
        client.authenticate()
        let transaction = client.checkout(scenario: "on-hold-then-captured")["transaction"] ?? .null
        Thread.sleep(forTimeInterval: 0.05)
        #expect(client.transaction(transaction.id)["status"] == "ON_HOLD")
        client.clock(["advance": "PT1H"])
        #expect(client.transaction(transaction.id)["status"] == "CAPTURED")
        sandbox.shutdown()
        sandbox.shutdown()
        client.clock(["advance": "P30D"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
    }
}
