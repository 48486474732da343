import Foundation

/// A merchant's server talking to the sandbox over one keep-alive connection: token once, then checkouts.
final class MerchantClient: @unchecked Sendable {
    enum Failure: Error {
        case request(String, status: Int?)
    }

    let client: BenchClient
    private(set) var authorization: [(String, String)] = []
    private var counter = 0
    private let name: String

    init(port: Int, name: String) {
        client = BenchClient(port: port)
        self.name = name
    }

    /// Gets an access token with the standard account's client credentials; later calls reuse it.
    func authenticate() throws {
        let basic = Data("sandbox:sandbox-secret".utf8).base64EncodedString()
        let answer = client.sendJSON(
            "POST", "/v1/accounts/T12345678/auth/token", headers: [("Authorization", "Basic \(basic)")],
            json: #"{"grant_type":"client_credentials","audience":"http://127.0.0.1/v1/accounts/T12345678"}"#)
        guard let answer, answer.status == 200, let token = answer.string("access_token") else {
            throw Failure.request("token", status: answer?.status)
        }
        authorization = [("Authorization", "Bearer \(token)")]
    }

    /// Creates a session (50000 NOK øre) calling back `callbackURL`; returns its id.
    func createSession(callbackURL: String?) throws -> String {
        counter += 1
        let callback = callbackURL.map { #", "callback_url": "\#($0)""# } ?? ""
        let json = """
            {"profile_id": "default", "url": {"return_url": "https://shop.example/return"\(callback)},
             "order": {"amount": 50000, "currency": "NOK", "vat_amount": 10000, "merchant_reference": "\(name)-\(counter)",
                       "items": [{"id": "consulting", "line_id": "1", "description": "Consulting", "quantity": 1,
                                  "amount": 50000, "vat": 25}]}}
            """
        let answer = client.sendJSON("POST", "/v1/sessions-profile", headers: authorization, json: json)
        guard let answer, answer.status == 200, let id = answer.string("id") else {
            throw Failure.request("session create", status: answer?.status)
        }
        return id
    }

    static let completeBody = """
        {"payment_product_type": "kravia.invoice_b2b", "identity": "approve",
         "billing_address": {"first_name": "Ola", "last_name": "Nordmann", "business_name": "Nordmann AS",
           "organization_number": "123456789", "address_line": "Storgata 1", "postal_code": "0151",
           "postal_place": "Oslo", "country": "NO", "phone_number": "+4799999999", "email": "ola@nordmann.no"}}
        """

    /// Completes the checkout as the customer (control API); returns the transaction id.
    func complete(session: String) throws -> String {
        let answer = client.sendJSON("POST", "/__sandbox/sessions/\(session)/complete", json: Self.completeBody)
        // The redirect URL carries the transaction id; cheaper than parsing the whole answer.
        guard let answer, answer.status == 200, let redirect = answer.string("redirect_url"),
            let range = redirect.range(of: "transaction_id=")
        else { throw Failure.request("complete", status: answer?.status) }
        return String(redirect[range.upperBound...].prefix { $0 != "&" })
    }

    func getTransaction(_ id: String) throws {
        let answer = client.send("GET", "/v1/transactions/\(id)", headers: authorization)
        guard let answer, answer.status == 200 else { throw Failure.request("get transaction", status: answer?.status) }
    }

    func refund(_ id: String, amount: Int = 1000) throws {
        let answer = client.sendJSON(
            "POST", "/v1/transactions/\(id)/refund", headers: authorization, json: #"{"amount": \#(amount)}"#)
        guard let answer, answer.status == 200 else { throw Failure.request("refund", status: answer?.status) }
    }

    /// A journal query of the kind CI runs: this transaction's entries.
    func journalQuery(transaction id: String) throws {
        let answer = client.send("GET", "/__sandbox/journal?transaction_id=\(id)&limit=10")
        guard let answer, answer.status == 200 else { throw Failure.request("journal query", status: answer?.status) }
    }
}
