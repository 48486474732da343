import KraviaEngine
import Testing

/// One broken scenario per validation rule, with the field and the message it gets.
@Suite struct ScenarioValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var body: String
        var field: String
        var expected: String
        var testDescription: String { field + ": " + expected }
    }

    /// Wraps members into a scenario with a valid name and description.
    static func scenario(_ members: String) -> String {
        #"{"name": "broken", "description": "A broken scenario""# + (members.isEmpty ? "" : ", " + members) + "}"
    }

    static let cases: [Case] = [
        Case(body: "[1]", field: "(file)", expected: "expected a JSON object, got array"),
        Case(body: "{", field: "(file)", expected: "expected a JSON document"),
        Case(body: #"{"description": "x"}"#, field: "name", expected: "is required: a non-empty string"),
        Case(
            body: #"{"name": 7, "description": "x"}"#, field: "name",
            expected: "expected a non-empty string, got integer"),
        Case(
            body: #"{"name": "Happy Path", "description": "x"}"#, field: "name",
            expected: "expected lowercase letters, digits and dashes"),
        Case(body: #"{"name": "broken"}"#, field: "description", expected: "is required"),
        Case(
            body: #"{"name": "broken", "description": ""}"#, field: "description",
            expected: "expected a non-empty string, got \"\""),
        Case(
            body: scenario(#""colour": "red""#), field: "colour",
            expected: "unknown field; expected one of name, description"),
        Case(
            body: scenario(#""bankid": "maybe""#), field: "bankid",
            expected: "expected one of approve, reject, cancel, got \"maybe\""),
        Case(
            body: scenario(#""registration": "CAPTURED""#), field: "registration",
            expected: "expected an object, got string"),
        Case(
            body: scenario(#""registration": {}"#), field: "registration.outcome",
            expected: "is required: one of CAPTURED, ON_HOLD, FAILED"),
        Case(
            body: scenario(#""registration": {"outcome": "PENDING"}"#), field: "registration.outcome",
            expected: "expected one of CAPTURED, ON_HOLD, FAILED, got \"PENDING\""),
        Case(
            body: scenario(#""registration": {"outcome": "FAILED"}"#), field: "registration.reason",
            expected: "is required with FAILED"),
        Case(
            body: scenario(#""registration": {"outcome": "FAILED", "reason": {"code": "X"}}"#),
            field: "registration.reason.message", expected: "is required"),
        Case(
            body: scenario(#""registration": {"outcome": "ON_HOLD", "reason": {"code": "X", "message": "y"}}"#),
            field: "registration.reason", expected: "expected only with outcome FAILED"),
        Case(body: scenario(#""timeline": {}"#), field: "timeline", expected: "expected an array, got object"),
        Case(
            body: scenario(#""timeline": [{"action": "settle"}]"#), field: "timeline[0].after",
            expected: "is required: an ISO 8601 duration"),
        Case(
            body: scenario(#""timeline": [{"after": "-P1D", "action": "settle"}]"#), field: "timeline[0].after",
            expected: "expected an ISO 8601 duration like PT1H or P3D, got \"-P1D\""),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "settle", "from": "tomorrow"}]"#),
            field: "timeline[0].from", expected: "expected one of purchase, invoice_date, due_date"),
        Case(
            body: scenario(#""timeline": [{"after": "P1D"}]"#), field: "timeline[0].action",
            expected: "is required: one of release, pay, settle"),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "ship"}]"#), field: "timeline[0].action",
            expected: "expected one of release, pay, settle, got \"ship\""),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "release", "to": "CAPTURED"}]"#),
            field: "timeline[0].action", expected: "expected release only while ON_HOLD"),
        Case(
            body: scenario(
                #""registration": {"outcome": "ON_HOLD"}, "timeline": [{"after": "P1D", "action": "release"}]"#),
            field: "timeline[0].to", expected: "is required with release: CAPTURED or FAILED"),
        Case(
            body: scenario(
                #""registration": {"outcome": "ON_HOLD"}, "timeline": [{"after": "P1D", "action": "release", "to": "SETTLED"}]"#
            ), field: "timeline[0].to", expected: "expected one of CAPTURED, FAILED"),
        Case(
            body: scenario(
                #""registration": {"outcome": "ON_HOLD"}, "timeline": [{"after": "P1D", "action": "release", "to": "FAILED"}]"#
            ), field: "timeline[0].reason", expected: "is required with FAILED"),
        Case(
            body: scenario(
                #""registration": {"outcome": "ON_HOLD"}, "timeline": [{"after": "P1D", "action": "release", "to": "CAPTURED"}, {"after": "P2D", "action": "release", "to": "CAPTURED"}]"#
            ), field: "timeline[1].action", expected: "expected release only while ON_HOLD"),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "pay"}]"#), field: "timeline[0]",
            expected: "expected amount (minor units) or percent with pay"),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "pay", "amount": 5, "percent": 5}]"#),
            field: "timeline[0]", expected: "expected either amount or percent with pay, not both"),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "pay", "amount": 0}]"#),
            field: "timeline[0].amount", expected: "expected a positive integer in minor units, got 0"),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "pay", "amount": 10.5}]"#),
            field: "timeline[0].amount", expected: "expected a positive integer in minor units, got 10.5"),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "pay", "percent": 101}]"#),
            field: "timeline[0].percent", expected: "expected a number above 0 and at most 100, got 101"),
        Case(
            body: scenario(
                #""timeline": [{"after": "P1D", "action": "pay", "percent": 60}, {"after": "P2D", "action": "pay", "percent": 60}]"#
            ), field: "timeline[1].percent", expected: "expected the pay steps' percentages to add up to at most 100"),
        Case(
            body: scenario(
                #""timeline": [{"after": "P3D", "action": "pay", "percent": 50}, {"after": "P1D", "action": "settle"}]"#
            ), field: "timeline[1].after",
            expected: "expected steps in time order: P1D from purchase comes before timeline[0]'s P3D"),
        Case(
            body: scenario(#""timeline": [{"after": "P1D", "action": "settle", "when": "now"}]"#),
            field: "timeline[0].when", expected: "unknown field"),
        Case(body: scenario(#""callbacks": []"#), field: "callbacks", expected: "expected an object, got array"),
        Case(
            body: scenario(#""callbacks": {"extra_delay": "5s"}"#), field: "callbacks.extra_delay",
            expected: "expected an ISO 8601 duration"),
        Case(
            body: scenario(#""callbacks": {"extra_delay": "P1D"}"#), field: "callbacks.extra_delay",
            expected: "expected at most PT1H, got P1D"),
        Case(
            body: scenario(#""callbacks": {"duplicates": 11}"#), field: "callbacks.duplicates",
            expected: "expected an integer between 0 and 10, got 11"),
        Case(
            body: scenario(#""callbacks": {"reorder": "yes"}"#), field: "callbacks.reorder",
            expected: "expected true or false, got \"yes\""),
        Case(
            body: scenario(#""callbacks": {"wrong_signature": 1}"#), field: "callbacks.wrong_signature",
            expected: "expected true or false, got 1"),
        Case(
            body: scenario(#""callbacks": {"retry": true}"#), field: "callbacks.retry",
            expected: "unknown field; expected one of extra_delay, duplicates, reorder, wrong_signature"),
        Case(body: scenario(#""api_faults": {}"#), field: "api_faults", expected: "expected an array, got object"),
        Case(body: scenario(#""api_faults": [{"status": 503}]"#), field: "api_faults[0].path", expected: "is required"),
        Case(
            body: scenario(#""api_faults": [{"path": "/__sandbox/clock", "status": 503}]"#),
            field: "api_faults[0].path", expected: "expected a path pattern on the Dintero API"),
        Case(
            body: scenario(#""api_faults": [{"path": "/v1/*", "status": 302}]"#), field: "api_faults[0].status",
            expected: "expected an integer between 400 and 599, got 302"),
        Case(
            body: scenario(#""api_faults": [{"path": "/v1/*"}]"#), field: "api_faults[0]",
            expected: "expected a status, a delay or both"),
        Case(
            body: scenario(#""api_faults": [{"path": "/v1/*", "delay": "PT31S"}]"#), field: "api_faults[0].delay",
            expected: "expected at most PT30S, got PT31S"),
        Case(
            body: scenario(#""api_faults": [{"path": "/v1/*", "status": 500, "times": 0}]"#),
            field: "api_faults[0].times", expected: "expected an integer between 1 and 1000000, got 0"),
        Case(
            body: scenario(#""api_faults": [{"path": "/v1/*", "status": 500, "counter": "session"}]"#),
            field: "api_faults[0].counter", expected: "expected one of account, global, transaction"),
        Case(
            body: scenario(#""api_faults": [{"path": "/v1/*", "status": 500, "method": ""}]"#),
            field: "api_faults[0].method", expected: "expected a non-empty string"),
        Case(
            body: scenario(#""match": {}"#), field: "match",
            expected: "expected at least one of email, merchant_reference, amount"),
        Case(
            body: scenario(#""match": {"email": 5}"#), field: "match.email",
            expected: "expected a non-empty string, got integer"),
        Case(
            body: scenario(#""match": {"amount": "100"}"#), field: "match.amount",
            expected: "expected an integer or {\"min\", \"max\"}, got \"100\""),
        Case(
            body: scenario(#""match": {"amount": {"min": 500, "max": 100}}"#), field: "match.amount",
            expected: "expected min (500) not above max (100)"),
        Case(body: scenario(#""match": {"amount": {}}"#), field: "match.amount", expected: "expected min, max or both"),
        Case(
            body: scenario(#""match": {"amount": {"min": -1}}"#), field: "match.amount.min",
            expected: "expected an integer at least 0, got -1"),
        Case(body: scenario(#""match": {"country": "NO"}"#), field: "match.country", expected: "unknown field"),
        Case(
            body: scenario(#""settlement_delay": "two days""#), field: "settlement_delay",
            expected: "expected an ISO 8601 duration"),
    ]

    @Test(arguments: cases)
    func eachRuleNamesTheFieldAndWhatWasExpected(_ testCase: Case) {
        #expect {
            try ScenarioCatalog.parse(testCase.body, source: "broken.json")
        } throws: { error in
            guard let problems = (error as? ScenarioLoadError)?.problems, let first = problems.first else {
                return false
            }
            return first.file == "broken.json" && first.field == testCase.field
                && first.expected.contains(testCase.expected)
        }
    }

    @Test func everyProblemInADocumentIsListed() {
        let body = Self.scenario(#""bankid": "x", "callbacks": {"duplicates": -1}, "match": {}"#)
        #expect {
            try ScenarioCatalog.parse(body, source: "many.json")
        } throws: { error in
            (error as? ScenarioLoadError)?.problems.map(\.field) == ["bankid", "callbacks.duplicates", "match"]
        }
    }

    @Test func aFilesNameMustBeItsFileName() throws {
        let folder = try ScenarioCatalogTests.temporaryFolder(["right.json": #"{"name": "wrong", "description": "x"}"#])
        #expect {
            try ScenarioCatalog.validate(file: folder + "/right.json")
        } throws: { error in
            (error as? ScenarioLoadError)?.problems.first?.expected
                == "expected \"right\" to match the file name, got \"wrong\""
        }
    }

    @Test func aFullScenarioParses() throws {
        let scenario = try ScenarioCatalog.parse(
            Self.scenario(
                #""bankid": "approve", "registration": {"outcome": "ON_HOLD"}, "settlement_delay": "P1D", "#
                    + #""timeline": [{"after": "PT1H", "action": "release", "to": "CAPTURED"}, {"after": "P1D", "from": "invoice_date", "action": "pay", "amount": 100}, {"after": "P2D", "action": "settle"}], "#
                    + #""callbacks": {"extra_delay": "PT2S", "duplicates": 1, "reorder": true, "wrong_signature": true}, "#
                    + #""api_faults": [{"method": "get", "path": "/v1/sessions/*", "delay": "PT0.2S", "times": "always", "counter": "global"}], "#
                    + #""match": {"email": "*@Example.COM", "merchant_reference": "vip-*", "amount": {"min": 100}}"#))
        #expect(scenario.registration == .onHold)
        #expect(scenario.timeline.count == 3)
        #expect(scenario.timeline[1].from == .invoiceDate)
        #expect(scenario.apiFaults[0].method == "GET")
        #expect(scenario.apiFaults[0].times == nil)
        #expect(scenario.apiFaults[0].delayMilliseconds == 200)
        #expect(scenario.match?.matches(email: "ANN@example.com", merchantReference: "vip-1", amount: 100) == true)
        #expect(scenario.match?.matches(email: "ann@example.com", merchantReference: "vip-1", amount: 99) == false)
        #expect(scenario.match?.matches(email: "ann@example.org", merchantReference: "vip-1", amount: 100) == false)
    }
}
