import Foundation
import FoundationNetworking
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// Every Dintero endpoint over real sockets, with URLSession as the merchant's client.
@Suite struct DinteroAPISocketTests {
    @Test func everyEndpointOverTheWire() async throws {
        let live = try LiveSandbox()
        defer { live.stop() }
        let token = try await live.token()
        #expect(!token.isEmpty)

        let created = try await live.send(
            "POST", "/v1/sessions-profile?include_session=true", json: Samples.sessionProfileBody(), token: token)
        #expect(created.status == 200)
        #expect(created.headers["request-id"] != nil)
        let sessionId = created.body["id"]?.stringValue ?? ""
        #expect(created.body["url"]?.stringValue == live.baseURL + "/v1/view/" + sessionId)
        #expect(created.body["session"]?["id"]?.stringValue == sessionId)

        var sessionsBody = Samples.sessionProfileBody(reference: "order-2")
        sessionsBody["profile_id"] = nil
        sessionsBody["configuration"] = ["kravia": ["invoice_b2c": ["enabled": true]]]
        let second = try await live.send("POST", "/v1/sessions", json: sessionsBody, token: token)
        #expect(second.status == 200)
        let secondId = second.body["id"]?.stringValue ?? ""

        let fetched = try await live.send("GET", "/v1/sessions/\(sessionId)", token: token)
        #expect(fetched.body["order"]?["merchant_reference"] == "order-123")
        let listed = try await live.send("GET", "/v1/sessions?limit=1", token: token)
        #expect(listed.body.arrayValue?.first?["id"]?.stringValue == secondId)
        let updated = try await live.send(
            "PUT", "/v1/sessions/\(secondId)", json: ["order": ["merchant_reference": "order-2b"]], token: token)
        #expect(updated.body["order"]?["merchant_reference"] == "order-2b")
        let cancelled = try await live.send("POST", "/v1/sessions/\(secondId)/cancel", token: token)
        #expect(cancelled.body["cancelled_at"] != nil)

        let page = try await live.send("GET", "/v1/view/\(sessionId)")
        #expect(page.status == 200)
        #expect(String(decoding: page.data, as: UTF8.self).contains("<form"))

        let completed = try await live.send(
            "POST", "/__sandbox/sessions/\(sessionId)/complete",
            json: [
                "payment_product_type": "kravia.invoice_b2b", "billing_address": Samples.businessAddress,
                "identity": "approve",
            ])
        let transactionId = completed.body["transaction"]?["id"]?.stringValue ?? ""
        #expect(completed.body["transaction"]?["status"] == "CAPTURED")

        let transaction = try await live.send("GET", "/v1/transactions/\(transactionId)?includes=session", token: token)
        #expect(transaction.body["session"]?["id"]?.stringValue == sessionId)
        let transactions = try await live.send("GET", "/v1/transactions?session_id=\(sessionId)", token: token)
        #expect(transactions.body.arrayValue?.count == 1)

        let invoiceURL = transaction.body["metadata"]?["kravia:invoice_url"]?.stringValue ?? ""
        #expect(invoiceURL.hasPrefix(live.baseURL + "/v1/files/"))
        let pdf = try await live.send("GET", String(invoiceURL.dropFirst(live.baseURL.count)))
        #expect(pdf.status == 200)
        #expect(pdf.headers["Content-Type"] == "application/pdf")
        #expect(pdf.data.starts(with: Data("%PDF-1.4".utf8)))

        let refund = try await live.send(
            "POST", "/v1/transactions/\(transactionId)/refund", json: ["amount": 10000, "reason": "goodwill"],
            token: token)
        #expect(refund.body["status"] == "PARTIALLY_REFUNDED")
        let capture = try await live.send(
            "POST", "/v1/transactions/\(transactionId)/capture", json: ["amount": 1], token: token)
        #expect(capture.status == 400)
        let void = try await live.send("POST", "/v1/transactions/\(transactionId)/void", token: token)
        #expect(void.status == 400)

        let noSecret = try await live.send("GET", "/v1/admin/signature", token: token)
        #expect(noSecret.status == 404)
        let secret = try await live.send("POST", "/v1/admin/signature", token: token)
        let readBack = try await live.send("GET", "/v1/admin/signature", token: token)
        #expect(secret.body["secret"] != nil)
        #expect(readBack.body["secret"] == secret.body["secret"])

        let health = try await live.send("GET", "/__sandbox/health")
        #expect(health.body["status"] == "ready")
        let unauthorized = try await live.send("GET", "/v1/transactions")
        #expect(unauthorized.status == 401)
        #expect(unauthorized.body["error"]?["message"] != nil)
    }

    @Test func hostedPageRedirectOverTheWire() async throws {
        let live = try LiveSandbox()
        defer { live.stop() }
        let token = try await live.token()
        let sessionId =
            try await live.send("POST", "/v1/sessions-profile", json: Samples.sessionProfileBody(), token: token)
            .body["id"]?.stringValue ?? ""
        let form = HostedPageTests.details + [("identity", "approve")]
        let done = try await live.send(
            "POST", "/v1/view/\(sessionId)", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data(FormEncoding.serialize(form.map { (name: $0.0, value: $0.1) }).utf8))
        #expect(done.status == 302)
        #expect(done.headers["Location"]?.hasPrefix("https://example.com/accept?transaction_id=") == true)
    }

    @Test func curlCanCheckOut() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { return }
        let live = try LiveSandbox()
        defer { live.stop() }
        let output = try Self.run(
            "/usr/bin/curl",
            [
                "-s", "-u", "sandbox:sandbox-secret", "-X", "POST", live.baseURL + "/v1/accounts/T12345678/auth/token",
                "-H", "Content-Type: application/json", "-d", "{\"grant_type\":\"client_credentials\"}",
            ])
        let token = (try? JSONParser.parse(Data(output.utf8)))?["access_token"]?.stringValue
        #expect(token?.isEmpty == false)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
