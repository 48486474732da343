import SandboxHTTP
import Foundation
import SandboxSupport

extension Sandbox {
    static var authRoutes: [Route] {
        [
            Route("POST", "/v1/accounts/{account_id}/auth/token") { try $0.issueToken($1) }
        ]
    }

    /// `POST /v1/accounts/{aid}/auth/token`: client credentials over HTTP Basic → a bearer token.
    func issueToken(_ context: RequestContext) throws -> EndpointResult {
        let accountId = context.parameter("account_id")
        guard AccountSettings.isValidAccountId(accountId) else {
            throw APIError.invalid("account_id", "expected a test account id like T12345678 (^T\\d{8}$)")
        }
        let body = try Self.tokenRequestBody(context)
        if let grant = body["grant_type"], grant.stringValue != "client_credentials" {
            throw APIError.invalid(
                "grant_type", "only client_credentials is supported, got \(JSONSerializer.string(grant))")
        }
        guard let (clientId, secret) = Self.basicCredentials(context.request.headers["Authorization"]) else {
            throw APIError.unauthorized("Missing or malformed HTTP Basic credentials (client_id:client_secret)")
        }
        let lifetime = Int(configuration.tokenLifetime.components.seconds)
        let settings = ledger.read { $0.books[accountId]?.account.settings }
        guard let settings else { throw APIError.unauthorized("Unknown account \(accountId)") }
        guard settings.clientId == clientId, settings.clientSecret == secret else {
            throw APIError.unauthorized("Invalid client credentials for account \(accountId)")
        }
        let token = AccessToken(
            value: makeJWT(accountId: accountId, issuedAt: context.now, lifetime: lifetime), accountId: accountId,
            expiresAt: SandboxClock.wallNow().adding(milliseconds: Int64(lifetime) * 1000))
        tokens.issue(token)
        ledger.logOutsideChange(tokens: [token])
        return .json([
            "access_token": .string(token.value), "token_type": "Bearer", "expires_in": .int(Int64(lifetime)),
        ])
    }

    /// The token request's fields: JSON as Dintero documents, or a form as generic OAuth clients send.
    static func tokenRequestBody(_ context: RequestContext) throws(APIError) -> JSONValue {
        let contentType = context.request.headers["Content-Type"]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else { return try context.jsonObject() }
        return .object(JSONObject(unsorted: formFields(context.request.body).map { (key: $0.0, value: .string($0.1)) }))
    }

    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingWhitespace()),
            let text = String(data: decoded, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// A JWT-shaped token (clients may split it); the sandbox only ever looks it up.
    private func makeJWT(accountId: String, issuedAt: Timestamp, lifetime: Int) -> String {
        func encode(_ value: JSONValue) -> String { Base64URL.encode(JSONSerializer.data(value)) }
        let header = encode(["alg": "HS256", "typ": "JWT"])
        let payload = encode([
            "iss": "https://sandbox.kravia.local", "sub": .string(accountId),
            "aud": .string("https://api.dintero.com/v1/accounts/\(accountId)"),
            "iat": .int(issuedAt.unixSeconds), "exp": .int(issuedAt.unixSeconds + Int64(lifetime)),
            "jti": .string(ids.uuid()),
        ])
        return header + "." + payload + "." + ids.token(length: 43)
    }
}
