import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

/// A merchant's checkout over HTTP with one token: session, then the customer completes it.
struct QuickCheckout {
    let base: String
    private let client = HTTPClient()
    private let bearer: String

    init(base: String) throws {
        self.base = base
        let basic = "Basic " + Data("sandbox:sandbox-secret".utf8).base64EncodedString()
        let token = try Self.post(
            client, base + "/v1/accounts/T12345678/auth/token",
            ["grant_type": "client_credentials", "audience": .string(base + "/v1/accounts/T12345678")],
            authorization: basic)
        bearer = "Bearer " + (token["access_token"]?.stringValue ?? "")
    }

    /// Returns the transaction id.
    func run(callbackURL: String) throws -> String {
        let session = try Self.post(
            client, base + "/v1/sessions-profile", QuickStartTests.sessionBody(callbackURL: callbackURL),
            authorization: bearer)
        let sessionId = try #require(session["id"]?.stringValue)
        let completed = try Self.post(
            client, base + "/__sandbox/sessions/\(sessionId)/complete", QuickStartTests.completeBody)
        return try #require(completed["transaction"]?["id"]?.stringValue)
    }

    private static func post(_ client: HTTPClient, _ url: String, _ body: JSONValue, authorization: String? = nil)
        throws -> JSONValue
    {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let authorization { headers["Authorization"] = authorization }
        let answer = try client.send(
            OutboundRequest(method: "POST", url: url, headers: headers, body: JSONSerializer.data(body)))
        let json = try JSONParser.parse(answer.body)
        try #require(answer.status == 200, "\(url): \(json)")
        return json
    }
}
