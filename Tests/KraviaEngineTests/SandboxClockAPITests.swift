import KraviaEngine
import SandboxSupport
import Testing

/// `GET`/`POST /__sandbox/clock`: steps run when due, in time order, before the clock call answers.
@Suite struct SandboxClockAPITests {
    static let holdThenPay = #"""
        {"name": "hold-then-pay", "description": "Held an hour, then paid in two parts.",
         "registration": {"outcome": "ON_HOLD"},
         "timeline": [{"after": "PT1H", "action": "release", "to": "CAPTURED"},
                      {"after": "P3D", "action": "pay", "percent": 50},
                      {"after": "P4D", "action": "pay", "percent": 50}]}
        """#

    @Test func readingTheClockShowsNowFrozenAndTheNextJob() {
        let client = EngineClient.withScenarios()
        let idle = client.send("GET", "/__sandbox/clock").body
        #expect(idle == ["now": "2027-01-05T10:00:00.000Z", "frozen": true, "next_due": nil, "pending": 0])
        _ = client.checkout(scenario: "on-hold-then-captured")
        // The checkout's callbacks are due now; once sent, the release an hour later is what is left.
        #expect(client.sandbox.deliverDueCallbacks())
        let busy = client.send("GET", "/__sandbox/clock").body
        #expect(busy["next_due"] == "2027-01-05T11:00:00.000Z")
        #expect(busy["pending"] == 1)
    }

    @Test func oneAdvanceRunsEveryStepInTimeOrderEachAtItsOwnTime() {
        let client = EngineClient.withScenarios([Self.holdThenPay])
        let transaction = client.checkout(scenario: "hold-then-pay")["transaction"] ?? .null
        let answer = client.clock(["advance": "P10D"])
        #expect(answer["now"] == "2027-01-15T10:00:00.000Z")
        let after = client.transaction(transaction.id)
        #expect(after.eventNames == ["INITIALIZE", "CAPTURE", "SETTLEMENT"])
        let times = (after["events"]?.arrayValue ?? []).compactMap { $0["created_at"]?.stringValue }
        #expect(times == ["2027-01-05T10:00:00.000Z", "2027-01-05T11:00:00.000Z", "2027-01-11T10:00:00.000Z"])
        let payments = client.invoice(after.invoiceNumber)["payments"]?.arrayValue ?? []
        #expect(payments.map { $0["paid_at"] } == ["2027-01-08T10:00:00.000Z", "2027-01-09T10:00:00.000Z"])
        #expect(payments.map { $0["amount"] } == [25000, 25000])
    }

    @Test func advancingInSmallStepsGivesTheSameHistoryAsOneLeap() {
        let leap = EngineClient.withScenarios([Self.holdThenPay])
        let steps = EngineClient.withScenarios([Self.holdThenPay])
        let first = leap.checkout(scenario: "hold-then-pay")["transaction"]?.id ?? ""
        let second = steps.checkout(scenario: "hold-then-pay")["transaction"]?.id ?? ""
        leap.clock(["advance": "P10D"])
        for _ in 0..<240 { steps.clock(["advance": "PT1H"]) }
        // Every request consumes a request id, so ids differ; what happened, and when, must not.
        func history(_ transaction: JSONValue) -> [JSONValue] {
            (transaction["events"]?.arrayValue ?? []).map { event in
                var event = event
                event["id"] = nil
                event["request_id"] = nil
                // The settlement run's ids come from the same streams; that it paid the event out must match.
                event["settlements"] = event["settlements"] == nil ? nil : true
                return event
            }
        }
        #expect(history(leap.transaction(first)) == history(steps.transaction(second)))
        #expect(history(leap.transaction(first)).count == 3)
    }

    @Test func settingTheClockBackRunsNothingAgain() {
        let client = EngineClient.withScenarios([Self.holdThenPay])
        let transaction = client.checkout(scenario: "hold-then-pay")["transaction"] ?? .null
        client.clock(["set": "2027-01-08T12:00:00Z"])
        let back = client.clock(["set": "2027-01-05T09:00:00Z"])
        #expect(back["now"] == "2027-01-05T09:00:00.000Z")
        client.clock(["set": "2027-01-08T12:00:00Z"])
        #expect(client.invoice(client.transaction(transaction.id).invoiceNumber)["amount_paid"] == 25000)
        #expect(client.transaction(transaction.id).eventNames == ["INITIALIZE", "CAPTURE"])
    }

    @Test func freezingAndThawing() {
        var configuration = SandboxConfiguration()
        configuration.seed = 1
        let client = EngineClient(sandbox: Sandbox(configuration: configuration))
        #expect(client.send("GET", "/__sandbox/clock").body["frozen"] == false)
        let frozen = client.clock(["freeze": true])
        #expect(frozen["frozen"] == true)
        #expect(client.send("GET", "/__sandbox/clock").body["now"] == frozen["now"])
        let set = client.clock(["freeze": true, "set": "2030-06-01T00:00:00Z"])
        #expect(set["now"] == "2030-06-01T00:00:00.000Z")
        #expect(client.clock(["advance": "P1M"])["now"] == "2030-07-01T00:00:00.000Z")
        #expect(client.clock(["freeze": false])["frozen"] == false)
    }

    static let badCalls: [(JSONValue, String)] = [
        (.object([:]), "body"), (["advance": "soon"], "advance"), (["set": "yesterday"], "set"),
        (["advance": "P1D", "set": "2027-01-01T00:00:00Z"], "set"), (["freeze": "yes"], "freeze"),
        (["rewind": "P1D"], "rewind"), (["advance": "P999999999Y"], "advance"), (["advance": "P7973Y"], "advance"),
    ]

    @Test(arguments: badCalls)
    func badClockCallsAreRefusedNamingTheField(body: JSONValue, field: String) {
        let client = EngineClient.withScenarios()
        let result = client.send("POST", "/__sandbox/clock", json: body)
        #expect(result.status == 400)
        #expect(result.body["error"]?["errors"]?[0]?["field"] == .string(field))
        #expect(client.send("GET", "/__sandbox/clock").body["now"] == "2027-01-05T10:00:00.000Z")
    }

    /// Sandbox time ends with year 9999 (what ISO 8601's four digits write): advancing onto or past its last
    /// millisecond is refused, up to it is fine. Before, arithmetic past it overflowed and ended the process.
    @Test func theClockAdvancesUpToYear9999AndNoFurther() {
        let client = EngineClient.withScenarios()
        client.clock(["set": "9999-12-31T23:00:00Z"])
        let tooFar = client.send("POST", "/__sandbox/clock", json: ["advance": "PT1H"])
        #expect(tooFar.status == 400)
        #expect(tooFar.body["error"]?["errors"]?[0]?["field"] == "advance")
        #expect(client.clock(["advance": "PT59M59S"])["now"] == "9999-12-31T23:59:59.000Z")
    }

    /// A scenario step further off than year 9999 is due at its last millisecond: scheduled, never reached.
    @Test func aStepBeyondYear9999WaitsAtTheLatestInstant() {
        let farOff = #"""
            {"name": "far-off", "description": "Released in a billion years.", "registration": {"outcome": "ON_HOLD"},
             "timeline": [{"after": "P999999999Y", "action": "release", "to": "CAPTURED"}]}
            """#
        let client = EngineClient.withScenarios([farOff])
        let transaction = client.checkout(scenario: "far-off")["transaction"] ?? .null
        #expect(client.sandbox.deliverDueCallbacks())
        #expect(client.send("GET", "/__sandbox/clock").body["next_due"] == "9999-12-31T23:59:59.999Z")
        client.clock(["advance": "P7972Y"])
        #expect(client.transaction(transaction.id)["status"] == "ON_HOLD")
    }

    /// A running clock set near the end of year 9999 stops at its last millisecond instead of running on into year
    /// 10000 (which sessions created then would have carried). Set past it here, as no API call can, so that no
    /// waiting is needed to get there.
    @Test func aRunningClockStopsAtTheLatestInstant() {
        let clock = SandboxClock(frozenAt: nil)
        clock.set(Timestamp(milliseconds: Timestamp.latest.milliseconds + 5_000))
        #expect(clock.now() == Timestamp.latest)
        clock.setFrozen(true)
        #expect(clock.now() == Timestamp.latest)
    }
}
