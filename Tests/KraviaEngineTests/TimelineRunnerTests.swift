import Foundation
import SandboxSupport
import SandboxTestSupport
import Testing

@testable import KraviaEngine

/// The background runner for a running clock. These wait for an outcome with a generous deadline; they assert
/// what happens, never how fast.
@Suite struct TimelineRunnerTests {
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
        #expect(eventually { client.transaction(transaction.id)["status"] == "CAPTURED" })
    }

    /// Signals each callback attempt it answers.
    final class SignallingTransport: CallbackTransport {
        let attempted = DispatchSemaphore(value: 0)

        func deliver(_ request: CallbackRequest) -> CallbackResponse {
            attempted.signal()
            return CallbackResponse(status: 200)
        }
    }

    @Test func aFrozenClockRunsNothingUntilAdvancedAndShutdownIsIdempotent() {
        var configuration = SandboxConfiguration.testing()
        let transport = SignallingTransport()
        configuration.callbackTransport = transport
        let sandbox = Sandbox(configuration: configuration)
        sandbox.start()
        sandbox.start()
        var client = EngineClient(sandbox: sandbox)
        client.authenticate()
        let transaction = client.checkout(scenario: "on-hold-then-captured")["transaction"] ?? .null
        // The runner sends the creation callback, due now, by itself; once it has, and its pass over the timeline
        // is over (it holds the turn for the whole pass), it has looked at the release due in an hour and left it.
        #expect(transport.attempted.wait(timeout: .now() + 60) == .success)
        sandbox.timelineRunner.withTurn {}
        #expect(client.transaction(transaction.id)["status"] == "ON_HOLD")
        client.clock(["advance": "PT1H"])
        #expect(client.transaction(transaction.id)["status"] == "CAPTURED")
        sandbox.shutdown()
        sandbox.shutdown()
        client.clock(["advance": "P30D"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
    }
}
