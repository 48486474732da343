import Foundation
import KraviaEngine
import SandboxSupport
import Testing

extension EngineClient {
    /// A client for a fresh test sandbox with `scenarios` (JSON texts) loaded after the built-ins, authenticated.
    static func withScenarios(_ texts: [String] = [], seed: UInt64 = 42) -> EngineClient {
        var configuration = SandboxConfiguration.testing(seed: seed)
        for text in texts {
            let scenario = try! ScenarioCatalog.parse(text)
            configuration.scenarios.removeAll { $0.name == scenario.name }
            configuration.scenarios.append(scenario)
        }
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        client.authenticate()
        return client
    }

    /// Creates a session and completes it; returns the completion's body.
    func checkout(
        scenario: String? = nil, amount: Int = 50000, reference: String = "order-123",
        type: String = "kravia.invoice_b2b", billing: JSONValue = Samples.businessAddress, identity: String = "approve"
    ) -> JSONValue {
        let session = createSession(amount: amount, reference: reference)
        let result = complete(session, type: type, billing: billing, identity: identity, scenario: scenario)
        #expect(result.status == 200, "\(result.body)")
        return result.body
    }

    /// `POST /__sandbox/clock` with `body`; expects success.
    @discardableResult
    func clock(_ body: JSONValue) -> JSONValue {
        let result = send("POST", "/__sandbox/clock", json: body)
        #expect(result.status == 200, "\(result.body)")
        return result.body
    }

    /// `GET /v1/transactions/{id}`, with a fresh token (moving the clock expires the old one).
    func transaction(_ id: String) -> JSONValue {
        fresh().send("GET", "/v1/transactions/\(id)").body
    }

    /// This client with a token issued at the current sandbox time.
    func fresh() -> EngineClient {
        var client = self
        client.token = nil
        client.authenticate()
        return client
    }

    /// `GET /__sandbox/invoices/{number}`.
    func invoice(_ number: String) -> JSONValue {
        send("GET", "/__sandbox/invoices/\(number)").body
    }

    /// `POST /__sandbox/invoices/{number}/payments`.
    func pay(_ number: String, _ amount: Int) -> (status: Int, body: JSONValue) {
        let result = send("POST", "/__sandbox/invoices/\(number)/payments", json: ["amount": JSONValue(amount)])
        return (result.status, result.body)
    }
}

extension JSONValue {
    /// The transaction's event names in order.
    var eventNames: [String] {
        (self["events"]?.arrayValue ?? []).compactMap { $0["event"]?.stringValue }
    }

    /// The transaction's id, or "".
    var id: String { self["id"]?.stringValue ?? "" }

    /// The transaction's invoice number, or "".
    var invoiceNumber: String { self["metadata"]?["kravia:invoice_number"]?.stringValue ?? "" }
}
