import KraviaEngine
import SandboxSupport
import Testing

/// `/v1/admin/session/profiles`: stored, listed, validated as a session's configuration, used by
/// `sessions-profile`, kept by resets, private to their account.
@Suite struct PaymentProfileTests {
    static let b2cOnly: JSONValue = ["kravia": ["invoice_b2c": ["enabled": true, "days_until_due": 10]]]

    @Test func aCreatedProfileRoundTripsAndCheckoutsUseIt() {
        var configuration = SandboxConfiguration.testing()
        configuration.accounts = [
            AccountSettings(
                accountId: "T12345678", clientId: "sandbox", clientSecret: "sandbox-secret",
                profiles: ["configured": Self.b2cOnly])
        ]
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        client.authenticate()
        let listed = { client.send("GET", "/v1/admin/session/profiles").body.arrayValue?.compactMap { $0["profile_id"]?.stringValue } }
        #expect(listed() == ["configured", "default"])
        let created = client.send(
            "POST", "/v1/admin/session/profiles",
            json: ["profile_id": "b2c", "description": "Consumers only", "configuration": Self.b2cOnly])
        #expect(created.status == 200)
        #expect(created.body["created_at"] == "2027-01-05T10:00:00.000Z")
        #expect(client.send("POST", "/v1/admin/session/profiles", json: ["profile_id": "b2c", "configuration": Self.b2cOnly]).status == 409)
        #expect(client.send("GET", "/v1/admin/session/profiles/b2c").body["description"] == "Consumers only")
        #expect(listed() == ["b2c", "configured", "default"])

        var body = Samples.sessionProfileBody()
        body["profile_id"] = "b2c"
        let session = client.send("POST", "/v1/sessions-profile", json: body).body["id"]?.stringValue ?? ""
        let enabled = client.send("GET", "/v1/sessions/\(session)").body["configuration"]?["kravia"]
        #expect(enabled?["invoice_b2c"]?["days_until_due"] == 10)
        #expect(enabled?["invoice_b2b"] == nil)

        var b2bOnly: JSONValue = ["kravia": ["invoice_b2b": ["enabled": true]]]
        let updated = client.send("PUT", "/v1/admin/session/profiles/b2c", json: ["configuration": b2bOnly])
        #expect(updated.status == 200)
        #expect(updated.body["description"] == "Consumers only")
        b2bOnly = client.send("GET", "/v1/admin/session/profiles/b2c").body["configuration"] ?? .null
        #expect(b2bOnly["kravia"]?["invoice_b2b"]?["enabled"] == true)

        #expect(client.send("POST", "/__sandbox/reset").status == 200)
        #expect(listed() == ["b2c", "configured", "default"])
        client.authenticate(account: "T99999999")
        #expect(client.token == nil)
    }

    @Test func everyProblemIsA400NamingItsFieldAndChangesNothing() {
        let client = EngineClient.withScenarios()
        let bad = client.send(
            "POST", "/v1/admin/session/profiles",
            json: ["profile_id": "x", "configuration": ["kravia": ["invoice_b2b": ["enabled": true, "days_until_due": 400]]]])
        #expect(bad.status == 400)
        #expect(bad.body["error"]?["errors"]?[0]?["field"] == "configuration.kravia.invoice_b2b.days_until_due")
        let missing = client.send("POST", "/v1/admin/session/profiles", json: ["description": "?"])
        #expect(Set(missing.body["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == ["profile_id", "configuration"])
        let nothingEnabled = client.send(
            "POST", "/v1/admin/session/profiles", json: ["profile_id": "none", "configuration": ["kravia": [:]]])
        #expect(nothingEnabled.body["error"]?["errors"]?[0]?["field"] == "configuration.kravia")
        let mismatch = client.send(
            "PUT", "/v1/admin/session/profiles/default", json: ["profile_id": "other", "configuration": Self.b2cOnly])
        #expect(mismatch.body["error"]?["errors"]?[0]?["field"] == "profile_id")
        #expect(client.send("PUT", "/v1/admin/session/profiles/nope", json: ["configuration": Self.b2cOnly]).status == 404)
        #expect(client.send("GET", "/v1/admin/session/profiles").body.arrayValue?.count == 1)
    }
}
