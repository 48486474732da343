import Foundation
import FoundationNetworking
import KraviaSandboxTesting
import SandboxHTTP
import SandboxSupport
import Testing

// The README's "Testing from Swift" example, verbatim: if this code changes, the README changes with it.

@Test func anInvoiceCheckoutCallsTheShopBack() async throws {
    try await withSandbox { sandbox in
        // Stand-in for the shop's callback endpoint; in your suite, start your app on a free port instead.
        let shop = HTTPServer(
            configuration: .init(port: 0), handler: ClosureHTTPHandler { _ in HTTPResponse(status: 200) })
        try shop.start()
        defer { shop.stop() }

        // The shop's server code calls Dintero: point its API base URL at the sandbox.
        let token = try await sandbox.accessToken()
        var request = URLRequest(url: URL(string: sandbox.baseURL + "/v1/sessions-profile")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(
            """
            {"profile_id": "default",
             "url": {"return_url": "https://shop.example/return",
                     "callback_url": "http://127.0.0.1:\(shop.port)/dintero/callback"},
             "order": {"amount": 50000, "currency": "NOK", "vat_amount": 10000, "merchant_reference": "order-1001",
                       "items": [{"id": "consulting", "line_id": "1", "description": "Consulting",
                                  "quantity": 1, "amount": 50000, "vat": 25}]}}
            """.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        let session = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let sessionId = try #require(session?["id"] as? String)

        // The customer pays by invoice in the hosted checkout.
        let checkout = try await sandbox.complete(
            session: sessionId, paymentProductType: "kravia.invoice_b2b",
            billingAddress: [
                "business_name": "Nordmann AS", "organization_number": "123456789",
                "first_name": "Ola", "last_name": "Nordmann", "address_line": "Storgata 1",
                "postal_code": "0151", "postal_place": "Oslo", "country": "NO",
                "email": "ola@nordmann.no", "phone_number": "+4799999999",
            ])
        #expect(checkout.status == "CAPTURED")

        // Dintero calls the shop back, and the shop answers 200.
        let callback = try await sandbox.awaitCallback(transactionId: try #require(checkout.transactionId))
        #expect(callback.status == 200)
        #expect(callback.url.contains("merchant_reference=order-1001"))

        // The journal holds every request in between, for assertions and for the CI artifact.
        let requests = try await sandbox.journal(JournalQuery(direction: .inbound, sessionId: sessionId))
        #expect(requests.map(\.path) == ["/v1/sessions-profile", "/__sandbox/sessions/\(sessionId)/complete"])
    }
}
