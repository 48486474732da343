import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// The secret the callback tests' account signs with.
let callbackSecret = "callback-test-secret"

extension SandboxConfiguration {
    /// `.testing()` (seed 42, clock frozen at 2027-01-05T10:00:00Z) with a signature secret on the account.
    static func testingCallbacks(secret: String? = callbackSecret) -> SandboxConfiguration {
        var configuration = SandboxConfiguration.testing()
        configuration.accounts = [
            AccountSettings(
                accountId: "T12345678", clientId: "sandbox", clientSecret: "sandbox-secret", signatureSecret: secret)
        ]
        return configuration
    }
}

extension EngineClient {
    /// An authenticated client on a sandbox with `configuration`.
    static func authenticated(_ configuration: SandboxConfiguration = .testingCallbacks()) -> EngineClient {
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        client.authenticate()
        return client
    }

    /// Creates a session whose `url.callback_url` is `callbackURL`; returns the session id.
    func createSession(
        callbackURL: String?, returnURL: String = "https://example.com/accept", reference: String = "order-123"
    )
        -> String
    {
        var body = Samples.sessionProfileBody(reference: reference)
        var url: JSONValue = ["return_url": .string(returnURL)]
        if let callbackURL { url["callback_url"] = .string(callbackURL) }
        body["url"] = url
        let result = send("POST", "/v1/sessions-profile", json: body)
        #expect(result.status == 200, "\(result.body)")
        return result.body["id"]?.stringValue ?? ""
    }

    /// Creates and completes a session; returns the session and transaction ids.
    func checkout(callbackURL: String, reference: String = "order-123", scenario: String? = nil)
        -> (sessionId: String, transactionId: String)
    {
        let sessionId = createSession(callbackURL: callbackURL, reference: reference)
        let result = complete(sessionId, scenario: scenario)
        #expect(result.status == 200, "\(result.body)")
        return (sessionId, result.body["transaction"]?["id"]?.stringValue ?? "")
    }

    /// `GET /__sandbox/callbacks` with `query`; the deliveries.
    func deliveries(_ query: String = "") -> [JSONValue] {
        let result = send("GET", "/__sandbox/callbacks" + (query.isEmpty ? "" : "?" + query))
        #expect(result.status == 200, "\(result.body)")
        return result.body["deliveries"]?.arrayValue ?? []
    }

    /// Moves the frozen clock `seconds` past the testing start and runs what falls due.
    func advance(toSecondsAfterStart seconds: Int64) {
        let start = SandboxConfiguration.testing().frozenClock!
        sandbox.clock.set(start.adding(milliseconds: seconds * 1000))
        #expect(sandbox.deliverDueCallbacks())
    }
}

extension HTTPRequest {
    /// The query parameters as received, in order, form-decoded, repeated names kept.
    var parameters: [String] { queryItems.map { "\($0.name)=\($0.value)" } }

    /// The parameter names in order.
    var parameterNames: [String] { queryItems.map(\.name) }
}

/// Dintero's signature recomputed from scratch, without the engine's `CallbackSignature`: the documented
/// payload over the request as the receiver saw it, query sorted by name (stable) and form-encoded.
enum IndependentSignature {
    static func header(secret: String, timestamp: Int64, method: String, path: String, query: [(String, String)])
        -> String
    {
        let sorted = query.enumerated().sorted { lhs, rhs in
            lhs.element.0 == rhs.element.0
                ? lhs.offset < rhs.offset
                : Array(lhs.element.0.utf16).lexicographicallyPrecedes(Array(rhs.element.0.utf16))
        }.map(\.element)
        let encoded = sorted.map { formEncode($0.0) + "=" + formEncode($0.1) }.joined(separator: "&")
        let payload = "\(timestamp)\nT12345678\n\(method)\n127.0.0.1\n\(path)\n\(encoded)"
        let mac = HMACSHA256.authenticationCode(key: Array(secret.utf8), message: Array(payload.utf8))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        return "t=\(timestamp),v0-hmac-sha256=\(hex)"
    }

    /// WHATWG `application/x-www-form-urlencoded` byte serialiser.
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Checks `request` carries the signature a merchant would compute with `secret`.
    static func verify(_ request: HTTPRequest, secret: String = callbackSecret) -> Bool {
        guard let header = request.headers["Dintero-Signature"], header.hasPrefix("t="),
            let timestamp = Int64(header.dropFirst(2).prefix { $0 != "," })
        else { return false }
        let expected = Self.header(
            secret: secret, timestamp: timestamp, method: request.method, path: request.path,
            query: request.queryItems.map { ($0.name, $0.value) })
        return header == expected
    }
}
