#if canImport(KraviaEngine)
    import KraviaEngine
#endif
#if canImport(SandboxHTTP)
    import SandboxHTTP
#endif
import Foundation
import SandboxSupport

/// A fresh sandbox with what the endpoints under test need to exist.
struct FuzzWorld {
    let sandbox: Sandbox
    let token: String
    /// An open session: updated by the fuzzed body, and the one raw requests name.
    let sessionId: String
    /// An open session for the fuzzed body to pay, each endpoint that ends a session getting its own.
    let sessionToPay: String
    /// An open session for the fuzzed body to complete.
    let sessionToComplete: String
    /// An open session for the fuzzed body to submit on the hosted page.
    let sessionToView: String
    /// The transaction of a completed session: refunded by the fuzzed body.
    let transactionId: String

    init() throws(FuzzFinding) {
        var configuration = SandboxConfiguration()
        configuration.seed = 42
        configuration.frozenClock = Timestamp(iso8601: "2027-01-05T10:00:00Z")
        // A frozen clock delivers nothing, but should a fuzzed request ever move time, no callback leaves the process.
        configuration.callbackTransport = UnreachableMerchant()
        let sandbox = Sandbox(configuration: configuration)
        self.sandbox = sandbox
        let basic = "Basic " + Data("sandbox:sandbox-secret".utf8).base64EncodedString()
        let issued = Self.setUp(
            sandbox, "POST", "/v1/accounts/T12345678/auth/token", ["grant_type": "client_credentials"],
            authorization: basic)
        token = issued["access_token"]?.stringValue ?? ""
        let bearer = "Bearer " + token
        let open = (0..<4).map { _ in
            Self.setUp(sandbox, "POST", "/v1/sessions-profile", Self.sessionBody, authorization: bearer)["id"]?
                .stringValue ?? ""
        }
        sessionId = open[0]
        sessionToPay = open[1]
        sessionToComplete = open[2]
        sessionToView = open[3]
        let paid =
            Self.setUp(sandbox, "POST", "/v1/sessions-profile", Self.sessionBody, authorization: bearer)["id"]?
            .stringValue ?? ""
        let completion: JSONValue = [
            "payment_product_type": "kravia.invoice_b2b", "identity": "approve",
            "billing_address": [
                "first_name": "Ola", "last_name": "Nordmann", "address_line": "Storgata 1", "postal_code": "0151",
                "postal_place": "Oslo", "country": "NO", "phone_number": "+4799999999", "email": "ola@nordmann.no",
                "business_name": "Nordmann AS", "organization_number": "123456789",
            ],
        ]
        let completed = Self.setUp(
            sandbox, "POST", "/__sandbox/sessions/\(paid)/complete", completion, authorization: bearer)
        transactionId = completed["transaction_id"]?.stringValue ?? completed["transaction"]?["id"]?.stringValue ?? ""
        guard !token.isEmpty, !open.contains(""), !transactionId.isEmpty else {
            throw FuzzFinding(
                "engine", "the fuzzing set-up failed: token \(token), session \(sessionId), completion \(completed)")
        }
    }

    /// The body-taking endpoints, in an order where earlier calls cannot remove what later ones need.
    var bodyEndpoints: [(method: String, target: String)] {
        [
            ("POST", "/v1/sessions-profile"),
            ("POST", "/v1/sessions"),
            ("PUT", "/v1/sessions/\(sessionId)"),
            ("POST", "/v1/transactions/\(transactionId)/refund"),
            ("POST", "/v1/sessions/pay"),
            ("POST", "/v1/view/\(sessionToView)"),
            ("POST", "/v1/sessions/\(sessionToPay)/pay"),
            ("POST", "/__sandbox/sessions/\(sessionToComplete)/complete"),
            ("POST", "/v1/accounts/T12345678/auth/token"),
            ("POST", "/__sandbox/accounts"),
        ]
    }

    /// No `callback_url`: a queued callback starts the timeline thread, whose allocations outlive the input
    /// and make libFuzzer run a full leak scan after it (20 times slower). Fuzzed bodies still bring their own.
    static let sessionBody: JSONValue = [
        "url": ["return_url": "https://example.com/accept"],
        "order": [
            "amount": 50000, "currency": "NOK", "vat_amount": 10000, "merchant_reference": "order-123",
            "items": [
                [
                    "amount": 50000, "quantity": 1, "line_id": "1", "description": "Consulting services", "vat": 25,
                    "id": "item-1",
                ]
            ],
        ],
        "profile_id": "default",
    ]

    /// A set-up call: its answer's JSON, or null.
    static func setUp(_ sandbox: Sandbox, _ method: String, _ target: String, _ body: JSONValue, authorization: String)
        -> JSONValue
    {
        let headers: HTTPHeaders = [
            "Host": "sandbox.test", "Content-Type": "application/json", "Authorization": authorization,
        ]
        let response = sandbox.handle(
            HTTPRequest(method: method, target: target, headers: headers, body: JSONSerializer.data(body)))
        return (try? JSONParser.parse(response.body)) ?? .null
    }

    /// Replaces the corpus placeholders with this world's token and ids.
    func substitute(_ text: String) -> String {
        text.replacingOccurrences(of: EngineOracle.tokenPlaceholder, with: token)
            .replacingOccurrences(of: EngineOracle.sessionPlaceholder, with: sessionId)
            .replacingOccurrences(of: EngineOracle.transactionPlaceholder, with: transactionId)
    }

    /// `KRAVIA_FUZZ_TRACE=1` prints every request the oracle sends with its status, to see what a corpus reaches.
    static let tracing = ProcessInfo.processInfo.environment["KRAVIA_FUZZ_TRACE"] == "1"

    /// Hands `request` to the sandbox and checks the answer.
    func send(_ request: HTTPRequest) throws(FuzzFinding) {
        let response = sandbox.handle(request)
        let label = "\(request.method) \(request.target)"
        if FuzzWorld.tracing {
            print("\(label) -> \(response.status) \(String(decoding: response.body.prefix(300), as: UTF8.self))")
        }
        guard (200..<600).contains(response.status), response.status != 500 else {
            throw FuzzFinding(
                "engine", "\(label) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
        guard response.headers["request-id"] != nil else { throw FuzzFinding("engine", "\(label) has no request-id") }
        if response.headers["Content-Type"]?.hasPrefix("application/json") == true, !response.body.isEmpty {
            guard (try? JSONParser.parse(response.body)) != nil else {
                throw FuzzFinding("engine", "\(label) answered JSON that does not parse")
            }
        }
    }
}

/// The callback transport of fuzzing runs: every merchant is unreachable, at once.
struct UnreachableMerchant: CallbackTransport {
    func deliver(_ request: CallbackRequest) -> CallbackResponse {
        CallbackResponse(failure: CallbackFailure(reason: "fuzzing: no network", isRetryable: false))
    }
}
