import Foundation
import SandboxHTTP
import Testing

@testable import KraviaEngine

/// Hooks the scenarios call: the release from ON_HOLD, and the ways a scenario bends delivery.
@Suite struct CallbackBehaviourTests {
    @Test func leavingOnHoldCallsAgain() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let (_, id) = client.checkout(callbackURL: receiver.url(), scenario: "on-hold-then-captured")
            let sandbox = client.sandbox
            sandbox.ledger.transact { ledger in
                ledger[transaction: id]?.status = .captured
                ledger.triggerCallback(.transactionReleased(transactionId: id), at: sandbox.clock.now())
            }
            sandbox.deliverDueCallbacks()
            #expect(receiver.received.map { $0.queryValue("transaction_id") } == [id, id])
            #expect(
                client.deliveries().map { $0["trigger"]?.stringValue } == [
                    "transaction_created", "transaction_released",
                ])
        }
    }

    @Test func duplicatesExtraDelayAndWrongSignature() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let sessionId = client.createSession(callbackURL: receiver.url("/cb?report_error=true"))
            let sandbox = client.sandbox
            let behaviour = CallbackBehaviour(extraDelayMilliseconds: 2000, duplicates: 2, wrongSignature: true)
            sandbox.ledger.transact { ledger in
                ledger.triggerCallback(
                    .failure(sessionId: sessionId, error: "cancelled"), behaviour: behaviour, at: sandbox.clock.now())
            }
            client.advance(toSecondsAfterStart: 1)
            #expect(receiver.received.isEmpty)
            client.advance(toSecondsAfterStart: 2)
            #expect(receiver.received.count == 3)
            #expect(Set(receiver.received.compactMap { $0.headers["event-delivery"] }).count == 3)
            #expect(receiver.received.allSatisfy { !IndependentSignature.verify($0) })
            #expect(receiver.received.allSatisfy { IndependentSignature.verify($0, secret: callbackSecret + "-wrong") })
        }
    }

    @Test func reorderSendsTheCreationCallbackAfterTheEvents() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            let sessionId = client.createSession(callbackURL: receiver.url("/cb?report_event=REFUND"))
            let id = client.complete(sessionId).body["transaction"]?["id"]?.stringValue ?? ""
            let sandbox = client.sandbox
            // The faithful creation callback goes out at once, even with the clock frozen; let it land.
            client.advance(toSecondsAfterStart: 0)
            let before = receiver.received.count
            // Then queue creation and a refund event reordered.
            sandbox.ledger.transact { ledger in
                ledger.books[Ledger.accountId(ofObject: id)]?.deliveries.removeAll { _ in true }
                ledger.timeline.removeAll { _ in true }
                let now = sandbox.clock.now()
                let reorder = CallbackBehaviour(reorder: true)
                ledger.triggerCallback(.transactionCreated(transactionId: id), behaviour: reorder, at: now)
                ledger.triggerCallback(
                    .event(transactionId: id, event: .refund, eventId: "e-1"), behaviour: reorder, at: now)
            }
            client.advance(toSecondsAfterStart: 10)
            #expect(
                receiver.received.dropFirst(before).map { $0.queryValue("event") ?? "created" } == [
                    "REFUND", "created",
                ])
        }
    }
}
