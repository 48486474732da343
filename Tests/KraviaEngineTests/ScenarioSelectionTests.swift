import KraviaEngine
import SandboxSupport
import Testing

/// Which scenario a checkout gets: named > match rule > account default > sandbox default > happy-path.
@Suite struct ScenarioSelectionTests {
    static let vip = #"""
        {"name": "vip", "description": "Matches VIP orders.", "match": {"merchant_reference": "vip-*", "amount": {"min": 1000}}}
        """#

    func scenarioOf(_ body: JSONValue) -> JSONValue? { body["transaction"]?["metadata"]?["sandbox:scenario"] }

    @Test func theOrderOfPrecedence() {
        let client = EngineClient.withScenarios([Self.vip])
        #expect(scenarioOf(client.checkout()) == "happy-path")
        #expect(client.send("PUT", "/__sandbox/scenarios/default", json: ["scenario": "partial-payment"]).status == 200)
        #expect(scenarioOf(client.checkout()) == "partial-payment")
        let perAccount = client.send(
            "PUT", "/__sandbox/scenarios/default?account=T12345678", json: ["scenario": "unpaid"])
        #expect(perAccount.body == ["account": "T12345678", "scenario": "unpaid"])
        #expect(scenarioOf(client.checkout()) == "unpaid")
        #expect(scenarioOf(client.checkout(reference: "vip-7")) == "vip")
        #expect(scenarioOf(client.checkout(amount: 999, reference: "vip-7")) == "unpaid")
        var billing = Samples.businessAddress
        billing["email"] = "Kari@Registration-Failed.example"
        #expect(scenarioOf(client.checkout(billing: billing)) == "registration-failed")
        #expect(
            scenarioOf(client.checkout(scenario: "multiple-payments", reference: "vip-7", billing: billing))
                == "multiple-payments")
        client.send("PUT", "/__sandbox/scenarios/default?account=T12345678", json: ["scenario": nil])
        #expect(scenarioOf(client.checkout()) == "partial-payment")
    }

    @Test func theListShowsEveryScenarioAndTheDefaults() {
        let client = EngineClient.withScenarios([Self.vip])
        client.send("PUT", "/__sandbox/scenarios/default?account=T12345678", json: ["scenario": "unpaid"])
        let list = client.send("GET", "/__sandbox/scenarios").body
        let scenarios = list["scenarios"]?.arrayValue ?? []
        #expect(scenarios.compactMap { $0["name"]?.stringValue } == ScenarioCatalogTests.required + ["vip"])
        #expect(scenarios[0]["source"] == "built-in")
        #expect(scenarios[0]["description"]?.stringValue?.isEmpty == false)
        #expect(scenarios.last?["match"]?["merchant_reference"] == "vip-*")
        #expect(list["default"] == "happy-path")
        #expect(list["account_defaults"] == ["T12345678": "unpaid"])
    }

    @Test func unknownNamesAreRefused() {
        let client = EngineClient.withScenarios()
        let put = client.send("PUT", "/__sandbox/scenarios/default", json: ["scenario": "nope"])
        #expect(put.status == 400)
        #expect(put.body["error"]?["errors"]?[0]?["field"] == "scenario")
        #expect(client.send("PUT", "/__sandbox/scenarios/default", json: [:]).status == 400)
        #expect(
            client.send("PUT", "/__sandbox/scenarios/default?account=T99999999", json: ["scenario": "unpaid"]).status
                == 404)
        let complete = client.complete(client.createSession(), scenario: "nope")
        #expect(complete.status == 400)
        #expect(complete.body["error"]?["errors"]?[0]?["field"] == "scenario")
    }

    @Test func theHostedPagePickerListsTheLoadedScenarios() {
        let client = EngineClient.withScenarios([Self.vip])
        let session = client.createSession()
        let page = String(decoding: client.send("GET", "/v1/view/\(session)").response.body, as: UTF8.self)
        #expect(page.contains("on-hold-then-failed"))
        #expect(page.contains("vip"))
    }

    @Test func anAccountDefaultsFaultsApplyToItsRequests() {
        let flaky = #"""
            {"name": "flaky-sessions", "description": "Session creation fails twice.",
             "api_faults": [{"method": "POST", "path": "/v1/sessions*", "status": 500, "times": 2}]}
            """#
        let client = EngineClient.withScenarios([flaky])
        client.send("PUT", "/__sandbox/scenarios/default?account=T12345678", json: ["scenario": "flaky-sessions"])
        let body = Samples.sessionProfileBody()
        #expect(client.send("POST", "/v1/sessions-profile", json: body).status == 500)
        let second = client.send("POST", "/v1/sessions-profile", json: body)
        #expect(second.status == 500)
        #expect(second.body["error"]?["code"] == "INTERNAL_ERROR")
        #expect(second.body["error"]?["message"] == "Fault injected by the sandbox scenario \"flaky-sessions\"")
        #expect(client.send("POST", "/v1/sessions-profile", json: body).status == 200)
        #expect(client.send("GET", "/__sandbox/clock").status == 200)
    }

    @Test func aFaultWithOnlyADelayLetsTheRequestThrough() {
        let slow = #"""
            {"name": "slow", "description": "Slow reads.",
             "api_faults": [{"method": "GET", "path": "/v1/transactions/*", "delay": "PT0.01S", "times": "always", "counter": "global"}]}
            """#
        let client = EngineClient.withScenarios([slow])
        let transaction = client.checkout(scenario: "slow")["transaction"] ?? .null
        for _ in 0..<3 { #expect(client.send("GET", "/v1/transactions/\(transaction.id)").status == 200) }
    }
}
