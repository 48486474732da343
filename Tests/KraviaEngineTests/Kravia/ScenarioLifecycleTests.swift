import KraviaEngine
import SandboxSupport
import Testing

/// Every shipped scenario, end to end under both models: the state and events a transaction ends with.
@Suite struct ScenarioLifecycleTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var scenario: String
        var lifecycle: KraviaLifecycle
        /// The final status, or nil when the checkout creates no transaction.
        var status: String?
        var events: [String] = []
        var settlement = "NOT_SETTLED"
        var testDescription: String { "\(scenario) under \(lifecycle)" }
    }

    static let paidOut = ["AUTHORIZE", "INITIATE_CAPTURE", "CAPTURE", "SETTLEMENT"]

    static let rows: [Row] = [
        Row(
            scenario: "happy-path", lifecycle: .captured, status: "SETTLED", events: ["CAPTURE", "SETTLEMENT"],
            settlement: "SETTLED"),
        Row(scenario: "happy-path", lifecycle: .authorized, status: "CAPTURED", events: paidOut, settlement: "SETTLED"),
        Row(scenario: "bankid-failure", lifecycle: .captured, status: nil),
        Row(scenario: "bankid-failure", lifecycle: .authorized, status: nil),
        Row(scenario: "bankid-cancelled", lifecycle: .captured, status: nil),
        Row(scenario: "bankid-cancelled", lifecycle: .authorized, status: nil),
        Row(
            scenario: "on-hold-then-captured", lifecycle: .captured, status: "SETTLED",
            events: ["INITIALIZE", "CAPTURE", "SETTLEMENT"], settlement: "SETTLED"),
        Row(
            scenario: "on-hold-then-captured", lifecycle: .authorized, status: "CAPTURED",
            events: ["INITIALIZE"] + paidOut, settlement: "SETTLED"),
        Row(
            scenario: "on-hold-then-failed", lifecycle: .captured, status: "FAILED", events: ["INITIALIZE", "CAPTURE"]),
        Row(
            scenario: "on-hold-then-failed", lifecycle: .authorized, status: "FAILED",
            events: ["INITIALIZE", "AUTHORIZE"]),
        Row(scenario: "registration-failed", lifecycle: .captured, status: "FAILED", events: ["CAPTURE"]),
        Row(scenario: "registration-failed", lifecycle: .authorized, status: "FAILED", events: ["AUTHORIZE"]),
        Row(scenario: "partial-payment", lifecycle: .captured, status: "CAPTURED", events: ["CAPTURE"]),
        Row(
            scenario: "partial-payment", lifecycle: .authorized, status: "PARTIALLY_CAPTURED",
            events: ["AUTHORIZE", "INITIATE_CAPTURE", "CAPTURE"]),
        Row(
            scenario: "multiple-payments", lifecycle: .captured, status: "SETTLED", events: ["CAPTURE", "SETTLEMENT"],
            settlement: "SETTLED"),
        Row(
            scenario: "multiple-payments", lifecycle: .authorized, status: "CAPTURED",
            events: ["AUTHORIZE", "INITIATE_CAPTURE", "CAPTURE", "CAPTURE", "CAPTURE", "SETTLEMENT"],
            settlement: "SETTLED"),
        Row(scenario: "unpaid", lifecycle: .captured, status: "CAPTURED", events: ["CAPTURE"]),
        Row(
            scenario: "unpaid", lifecycle: .authorized, status: "AUTHORIZED", events: ["AUTHORIZE", "INITIATE_CAPTURE"]),
        Row(
            scenario: "callback-chaos", lifecycle: .captured, status: "SETTLED", events: ["CAPTURE", "SETTLEMENT"],
            settlement: "SETTLED"),
        Row(
            scenario: "callback-chaos", lifecycle: .authorized, status: "CAPTURED", events: paidOut,
            settlement: "SETTLED"),
        Row(
            scenario: "api-faults", lifecycle: .captured, status: "SETTLED", events: ["CAPTURE", "SETTLEMENT"],
            settlement: "SETTLED"),
        Row(scenario: "api-faults", lifecycle: .authorized, status: "CAPTURED", events: paidOut, settlement: "SETTLED"),
    ]

    @Test func everyShippedScenarioHasARowUnderBothModels() {
        let names = Set(ScenarioCatalog.builtIn.map(\.name))
        for lifecycle in KraviaLifecycle.allCases {
            #expect(Set(Self.rows.filter { $0.lifecycle == lifecycle }.map(\.scenario)) == names)
        }
    }

    @Test(arguments: rows)
    func endsAsItsModelSays(_ row: Row) {
        let client = AuthorizedLifecycleTests.client(row.lifecycle)
        let outcome = client.complete(client.createSession(), scenario: row.scenario).body
        client.clock(["advance": "P90D"])
        guard let status = row.status else {
            #expect(outcome["transaction"] == nil)
            #expect(client.send("GET", "/v1/transactions").body == [])
            return
        }
        let transaction = client.transaction(outcome["transaction"]?.id ?? "")
        #expect(transaction["status"] == .string(status))
        #expect(transaction.eventNames == row.events)
        #expect(transaction["settlement_status"] == .string(row.settlement))
    }
}
