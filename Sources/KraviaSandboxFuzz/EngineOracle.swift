#if canImport(KraviaEngine)
    import KraviaEngine
#endif
#if canImport(SandboxHTTP)
    import SandboxHTTP
#endif
import Foundation

/// The properties every request body must keep when the sandbox handles it: whatever the bytes, each
/// body-taking endpoint answers a status between 200 and 599 that is not 500 (a 500 is only for real
/// bugs), with a `request-id` and, when it says JSON, a body that parses.
///
/// Each input gets a fresh sandbox (seeded, clock frozen) holding a bearer token, an open session and a
/// completed one with its transaction, so a finding replays exactly whatever ran before it.
public enum EngineOracle {
    /// The placeholders a raw corpus request may use for what only exists once the sandbox runs.
    public static let tokenPlaceholder = "FUZZ-TOKEN"
    /// Replaced by the open session's id in a raw request's target.
    public static let sessionPlaceholder = "FUZZ-SESSION"
    /// Replaced by the completed session's transaction id in a raw request's target.
    public static let transactionPlaceholder = "FUZZ-TRANSACTION"

    /// Sends `body` as JSON to every body-taking endpoint, after checking it with `JSONOracle`.
    public static func check(body: [UInt8]) throws(FuzzFinding) {
        try JSONOracle.check(body)
        let world = try FuzzWorld()
        let data = Data(body)
        for (method, target) in world.bodyEndpoints {
            var headers: HTTPHeaders = ["Host": "sandbox.test", "Content-Type": "application/json"]
            if target.hasSuffix("/auth/token") {
                headers["Authorization"] = "Basic " + Data("sandbox:sandbox-secret".utf8).base64EncodedString()
            } else {
                headers["Authorization"] = "Bearer " + world.token
            }
            try world.send(HTTPRequest(method: method, target: target, headers: headers, body: data))
        }
        // The token endpoint also reads form bodies.
        let form: HTTPHeaders = [
            "Host": "sandbox.test", "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "Basic " + Data("sandbox:sandbox-secret".utf8).base64EncodedString(),
        ]
        try world.send(
            HTTPRequest(method: "POST", target: "/v1/accounts/T12345678/auth/token", headers: form, body: data))
    }

    /// Parses `bytes` as a raw HTTP stream and hands every request to the sandbox, placeholders replaced.
    public static func check(wire bytes: [UInt8]) throws(FuzzFinding) {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: bytes)
        var requests: [HTTPRequest] = []
        while let event = try? parser.next() {
            if case .request(let request) = event { requests.append(request) }
        }
        guard !requests.isEmpty else { return }
        let world = try FuzzWorld()
        for var request in requests {
            request.target = world.substitute(request.target)
            if let authorization = request.headers["Authorization"] {
                var headers = HTTPHeaders(request.headers.fields.filter { $0.name.lowercased() != "authorization" })
                headers.add("Authorization", world.substitute(authorization))
                request.headers = headers
            }
            try world.send(request)
        }
    }
}
