import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// Drives a `Sandbox` in-process, as a merchant's client would over HTTP.
struct EngineClient {
    let sandbox: Sandbox
    var token: String?
    /// Set: every request is sent as over one keep-alive connection (with this memo), as the transport sends them.
    var connection: ConnectionMemo?

    init(sandbox: Sandbox = Sandbox(configuration: .testing())) {
        self.sandbox = sandbox
    }

    /// Sends a request and returns the status and the body parsed as JSON (null when not JSON).
    @discardableResult
    func send(_ method: String, _ path: String, json: JSONValue? = nil, headers: HTTPHeaders = [:]) -> (
        status: Int, body: JSONValue, response: HTTPResponse
    ) {
        var allHeaders = headers
        allHeaders["Host"] = "sandbox.test"
        if let token, allHeaders["Authorization"] == nil { allHeaders["Authorization"] = "Bearer " + token }
        var body = Data()
        if let json {
            body = JSONSerializer.data(json)
            allHeaders["Content-Type"] = "application/json"
        }
        var request = HTTPRequest(method: method, target: path, headers: allHeaders, body: body)
        request.connectionMemo = connection
        let response = sandbox.handle(request)
        let parsed = (try? JSONParser.parse(response.body)) ?? .null
        return (response.status, parsed, response)
    }

    /// Authenticates with the standard credentials.
    mutating func authenticate(
        account: String = "T12345678", client: String = "sandbox", secret: String = "sandbox-secret"
    ) {
        let basic = Data("\(client):\(secret)".utf8).base64EncodedString()
        let result = send(
            "POST", "/v1/accounts/\(account)/auth/token", json: ["grant_type": "client_credentials", "audience": "x"],
            headers: ["Authorization": "Basic " + basic])
        token = result.body["access_token"]?.stringValue
    }

    /// Creates a session from the default profile and returns its id.
    func createSession(amount: Int = 50000, reference: String = "order-123", configuration: JSONValue? = nil) -> String
    {
        var body = Samples.sessionProfileBody(amount: amount, reference: reference)
        if let configuration { body["configuration"] = configuration }
        let result = send("POST", "/v1/sessions-profile", json: body)
        #expect(result.status == 200, "\(result.body)")
        return result.body["id"]?.stringValue ?? ""
    }

    /// Completes a session through the control API.
    func complete(
        _ sessionId: String, type: String = "kravia.invoice_b2b", billing: JSONValue = Samples.businessAddress,
        identity: String = "approve", scenario: String? = nil
    ) -> (status: Int, body: JSONValue, response: HTTPResponse) {
        var body: JSONValue = [
            "payment_product_type": .string(type), "billing_address": billing, "identity": .string(identity),
        ]
        if let scenario { body["scenario"] = .string(scenario) }
        return send("POST", "/__sandbox/sessions/\(sessionId)/complete", json: body)
    }
}

extension SandboxConfiguration {
    /// Seeded ids and a clock frozen at 2027-01-05T10:00:00Z.
    static func testing(seed: UInt64 = 42) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.seed = seed
        configuration.frozenClock = Timestamp(iso8601: "2027-01-05T10:00:00Z")
        return configuration
    }
}
