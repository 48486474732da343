import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Synchronization
import Testing

/// The README's Quick start and journal example, as a newcomer runs them: built executables for `serve`,
/// `listen` and `journal`, HTTP for the merchant's calls.
@Suite struct QuickStartTests {
    let executable = BuiltExecutable.locate()

    static let completeBody: JSONValue = [
        "payment_product_type": "kravia.invoice_b2b", "identity": "approve",
        "billing_address": [
            "first_name": "Ola", "last_name": "Nordmann", "business_name": "Nordmann AS",
            "organization_number": "123456789", "address_line": "Storgata 1", "postal_code": "0151",
            "postal_place": "Oslo", "country": "NO", "phone_number": "+4799999999", "email": "ola@nordmann.no",
        ],
    ]

    static func sessionBody(callbackURL: String) -> JSONValue {
        [
            "url": ["return_url": "https://example.com/accept", "callback_url": .string(callbackURL)],
            "order": [
                "amount": 50000, "currency": "NOK", "vat_amount": 10000, "merchant_reference": "order-123",
                "items": [["amount": 50000, "quantity": 1, "line_id": "1", "description": "Consulting", "vat": 25]],
            ],
            "profile_id": "default",
        ]
    }

    @Test func theCallbackReachesListenAndTheJournalSeesItDelivered() throws {
        let executable = try #require(executable, "build the kravia-sandbox product first")
        let folder = NSTemporaryDirectory() + "kravia-quickstart-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let serve = try executable.launch(["--port", "0", "--port-file", folder + "/serve", "--log", "none"])
        defer { _ = serve.stop() }
        let listen = try executable.launch([
            "listen", "--port", "0", "--port-file", folder + "/listen", "--count", "1", "--format", "json",
        ])
        defer { if listen.process.isRunning { _ = listen.stop() } }
        let servePort = try #require(waitForFile(folder + "/serve").flatMap(Int.init))
        let listenPort = try #require(waitForFile(folder + "/listen").flatMap(Int.init))
        let base = "http://127.0.0.1:\(servePort)"

        let transactionId = try QuickCheckout(base: base).run(callbackURL: "http://127.0.0.1:\(listenPort)/callback")

        // Step 4 of the Quick start, word for word.
        let journal = try executable.run([
            "journal", "--url", base, "--direction", "outbound", "--merchant-reference", "order-123", "--status", "200",
            "--await", "1",
        ])
        #expect(journal.status == 0, "\(journal.error)")
        let entry = try JSONParser.parse(Data((journal.output.split(separator: "\n").first ?? "").utf8))
        #expect(entry["status"] == 200)
        #expect(entry["transaction_id"] == .string(transactionId))

        let received = listen.finish()
        #expect(received.status == 0, "\(received.error)")
        let callback = try JSONParser.parse(Data(received.output.utf8))
        #expect(callback["method"] == "GET")
        #expect(callback["path"] == "/callback")
        #expect(callback["query"]?["transaction_id"] == .string(transactionId))
        #expect(callback["query"]?["merchant_reference"] == "order-123")
    }

    /// `--await 1` on outbound entries takes the first attempt, delivered or not; `--status 200` waits for the
    /// delivery. The merchant here fails its first callback, so the two differ.
    @Test func statusTwoHundredWaitsForTheDeliveredAttempt() throws {
        let executable = try #require(executable)
        let answered = Mutex(0)
        let merchant = HTTPServer(
            configuration: HTTPServerConfiguration(port: 0),
            handler: ClosureHTTPHandler { _ in
                let count = answered.withLock { count in
                    count += 1
                    return count
                }
                return HTTPResponse(status: count == 1 ? 500 : 200)
            })
        try merchant.start()
        defer { merchant.stop() }
        var configuration = SandboxConfiguration()
        configuration.frozenClock = Timestamp(iso8601: "2027-01-05T10:00:00Z")
        let served = try ServedSandbox(configuration)
        defer { served.stop() }
        let transactionId = try QuickCheckout(base: served.url).run(
            callbackURL: "http://127.0.0.1:\(merchant.port)/callback")
        let filters = ["journal", "--url", served.url, "--direction", "outbound", "--transaction-id", transactionId]

        let anyAttempt = try executable.run(filters + ["--await", "1", "--timeout", "30"])
        #expect(anyAttempt.status == 0, "\(anyAttempt.error)")
        let first = try JSONParser.parse(Data(anyAttempt.output.utf8))
        #expect(first["status"] == 500)
        #expect(first["attempt"] == 1)

        let notYet = try executable.run(filters + ["--status", "200", "--await", "1", "--timeout", "0"])
        #expect(notYet.status == 1)
        #expect(notYet.error.contains("status 500 ≠ 200"), "\(notYet.error)")

        // The retry falls due a second later in sandbox time.
        let advanced = served.sandbox.handle(
            HTTPRequest(
                method: "POST", target: "/__sandbox/clock", headers: ["Content-Type": "application/json"],
                body: Data(#"{"advance": "PT1S"}"#.utf8)))
        #expect(advanced.status == 200)
        let delivered = try executable.run(filters + ["--status", "200", "--await", "1", "--timeout", "30"])
        #expect(delivered.status == 0, "\(delivered.error)")
        let entry = try JSONParser.parse(Data(delivered.output.utf8))
        #expect(entry["status"] == 200)
        #expect(entry["attempt"] == 2)
    }
}
