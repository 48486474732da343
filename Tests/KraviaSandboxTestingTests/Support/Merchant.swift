import Foundation
import FoundationNetworking
import KraviaSandboxTesting
import SandboxHTTP
import SandboxSupport
import Synchronization

/// The merchant's side in these tests: its server code calling Dintero with URLSession.
struct Merchant {
    let apiBase: String
    let session = URLSession(configuration: .ephemeral)

    /// `POST {method} {apiBase}{path}` with a JSON body and a bearer token; the status and the JSON answer.
    func call(_ method: String, _ path: String, token: String, json: JSONValue? = nil) async throws -> (Int, JSONValue)
    {
        var request = URLRequest(url: URL(string: apiBase + path)!)
        request.httpMethod = method
        request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = JSONSerializer.data(json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, (try? JSONParser.parse(data)) ?? .null)
    }

    /// Creates a session for `amount` øre with the given callback URL; returns the session id.
    func createSession(token: String, reference: String, callbackURL: String, amount: Int = 50_000) async throws
        -> String
    {
        let (status, body) = try await call(
            "POST", "/v1/sessions-profile", token: token,
            json: Self.sessionBody(
                reference: reference, callbackURL: callbackURL, amount: amount))
        guard status == 200, let id = body["id"]?.stringValue else { throw MerchantError(status: status, body: body) }
        return id
    }

    static func sessionBody(reference: String, callbackURL: String, amount: Int = 50_000) -> JSONValue {
        [
            "profile_id": "default",
            "url": ["return_url": "https://shop.example/return", "callback_url": .string(callbackURL)],
            "order": [
                "amount": .int(Int64(amount)), "currency": "NOK", "vat_amount": .int(Int64(amount / 5)),
                "merchant_reference": .string(reference),
                "items": [
                    [
                        "id": "item-1", "line_id": "1", "description": "Consulting", "quantity": 1,
                        "amount": .int(Int64(amount)), "vat": 25,
                    ]
                ],
            ],
        ]
    }

    static let businessAddress: JSONValue = [
        "first_name": "Ola", "last_name": "Nordmann", "address_line": "Storgata 1", "postal_code": "0151",
        "postal_place": "Oslo", "country": "NO", "phone_number": "+4799999999", "email": "ola@nordmann.no",
        "business_name": "Nordmann AS", "organization_number": "123456789",
    ]
}

struct MerchantError: Error {
    var status: Int
    var body: JSONValue
}

/// The merchant's callback endpoint: an HTTP server on port 0 that answers 200 and remembers each request.
final class CallbackReceiver: Sendable {
    private final class Inbox: Sendable {
        let requests = Mutex<[HTTPRequest]>([])
    }

    let server: HTTPServer
    private let inbox = Inbox()

    init() throws {
        let inbox = self.inbox
        server = HTTPServer(
            configuration: HTTPServerConfiguration(port: 0),
            handler: ClosureHTTPHandler { request in
                inbox.requests.withLock { $0.append(request) }
                return HTTPResponse(status: 200, body: Data("ok".utf8))
            })
        try server.start()
    }

    /// Where the sandbox should send callbacks.
    var url: String { "http://127.0.0.1:\(server.port)/dintero/callback" }

    var requests: [HTTPRequest] { inbox.requests.withLock { $0 } }

    func stop() {
        server.stop()
        server.waitUntilStopped()
    }
}
