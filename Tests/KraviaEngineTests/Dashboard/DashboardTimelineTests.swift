import Foundation
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The transaction page's timeline, read from the ledger: every step where and when it happened.
@Suite struct DashboardTimelineTests {
    @Test func everyCallbackAttemptIsAMarkWithItsOutcomeAndRetryWait() throws {
        try withCallbackReceiver(statuses: [500, 503, 200]) { receiver in
            let client = EngineClient.authenticated()
            let (_, id) = client.checkout(callbackURL: receiver.url())
            client.advance(toSecondsAfterStart: 0)
            client.advance(toSecondsAfterStart: 3)
            let timeline = try #require(client.sandbox.dashboardTimeline(of: id))
            let attempts = timeline.marks(.callbackAttempt)
            #expect(attempts.count == 3)
            #expect(attempts.map(\.label) == (1...3).map { "Callback transaction_created, attempt \($0)" })
            #expect(attempts.map(\.tone) == [.bad, .bad, .good])
            #expect(attempts[0].detail.hasPrefix("HTTP 500 in "))
            #expect(attempts[0].detail.hasSuffix(" ms; retry in 1 s"))
            #expect(attempts[1].detail.hasSuffix("retry in 2 s"))
            #expect(
                attempts.map(\.at.iso8601) == [
                    "2027-01-05T10:00:00.000Z", "2027-01-05T10:00:01.000Z", "2027-01-05T10:00:03.000Z",
                ])
            #expect(attempts[0].exchange?.status == 500)
            #expect(attempts[0].exchange?.responseBody == Data("answer 500".utf8))
            let waits = timeline.spans.filter { $0.lane == .callbacks }
            #expect(waits.map(\.label) == ["Retry wait 1 s", "Retry wait 2 s"])
            #expect(timeline.marks(.nextAttempt).isEmpty, "delivered: nothing more is due")
            #expect(timeline.marks.map(\.at) == timeline.marks.map(\.at).sorted())
        }
    }

    /// Marks at one instant on one lane fan out upwards, two steps at most, so each stays visible (counted as they
    /// come: recounting the earlier marks for each one was quadratic in a long history).
    @Test func marksAtOneInstantStackUpwards() throws {
        let client = EngineClient.withScenarios()
        let id = client.checkout()["transaction"]?.id ?? ""
        client.clock(["advance": "PT1M"])  // an instant of their own
        for _ in 0..<4 { client.fresh().send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 100]) }
        let timeline = try #require(client.sandbox.dashboardTimeline(of: id))
        #expect(timeline.marks(.refund).count == 4)
        let svg = TimelineDrawing(timeline: timeline, caption: "").svg()
        let heights = svg.components(separatedBy: "<g data-kind=\"refund\">").dropFirst().compactMap { group in
            group.components(separatedBy: "cy=\"").dropFirst().first?.prefix { $0 != "\"" }
        }
        .compactMap { Double($0) }
        #expect(heights.count == 4)
        #expect(heights.count == 4 && heights[1] == heights[0] - 14 && heights[2] == heights[0] - 28)
        #expect(heights.count == 4 && heights[3] == heights[2])
    }

    @Test func aPendingRetryIsShownAsTheNextAttemptDue() throws {
        try withCallbackReceiver(statuses: [500, 500]) { receiver in
            let client = EngineClient.authenticated()
            let (_, id) = client.checkout(callbackURL: receiver.url())
            client.advance(toSecondsAfterStart: 0)
            let timeline = try #require(client.sandbox.dashboardTimeline(of: id))
            let next = try #require(timeline.marks(.nextAttempt).first)
            #expect(next.label == "Callback transaction_created, attempt 2 due")
            #expect(next.at.iso8601 == "2027-01-05T10:00:01.000Z")
        }
    }

    @Test func holdReleaseInvoicePaymentAndSettlementAreOnTheAxis() throws {
        let client = EngineClient.withScenarios()
        let id = client.checkout(scenario: "on-hold-then-captured")["transaction"]?.id ?? ""
        client.clock(["advance": "P30D"])
        let timeline = try #require(client.sandbox.dashboardTimeline(of: id))
        #expect(timeline.marks(.registration).count == 1)
        let hold = try #require(timeline.marks(.hold).first)
        let release = try #require(timeline.marks(.release).first)
        #expect(release.at.milliseconds - hold.at.milliseconds == 3_600_000, "released an hour later")
        #expect(release.label == "Released → CAPTURED")
        #expect(timeline.spans.contains { $0.label == "On hold" && $0.from == hold.at && $0.to == release.at })
        #expect(timeline.marks(.invoiceIssued).count == 1)
        #expect(timeline.marks(.invoiceDue).count == 1)
        #expect(timeline.marks(.payment).count == 1)
        #expect(timeline.marks(.settlement).count == 1)
        let drawing = TimelineDrawing(timeline: timeline, caption: "t").svg()
        #expect(drawing.components(separatedBy: "<g data-kind=").count - 1 == timeline.marks.count)
    }

    @Test func webhookAttemptsHaveTheirOwnLane() throws {
        try withCallbackReceiver { receiver in
            let client = EngineClient.authenticated()
            _ = WebhookTests.subscribe(client, receiver, events: ["checkout_transaction"])
            let (_, id) = client.checkout(callbackURL: receiver.url())
            client.sandbox.deliverDueCallbacks()
            let timeline = try #require(client.sandbox.dashboardTimeline(of: id))
            let webhooks = timeline.marks(.webhookAttempt)
            #expect(!webhooks.isEmpty)
            #expect(webhooks.allSatisfy { $0.lane == .webhooks && $0.label.hasPrefix("Webhook ") && $0.tone == .good })
            #expect(timeline.marks(.callbackAttempt).count == 1)
            let drawing = TimelineDrawing(timeline: timeline, caption: "t")
            #expect(drawing.lanes == [.transaction, .invoice, .callbacks, .webhooks])
        }
    }

    @Test func anUnknownTransactionHasNoTimeline() {
        #expect(EngineClient().sandbox.dashboardTimeline(of: "T12345678.nope") == nil)
    }
}
