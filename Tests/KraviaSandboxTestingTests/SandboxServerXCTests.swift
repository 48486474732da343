import Foundation
import FoundationNetworking
import KraviaSandboxTesting
import XCTest

/// The library from XCTest: the same calls, the same guarantees.
final class SandboxServerXCTests: XCTestCase {
    func testCheckoutIsJournaledAndTheServerStops() async throws {
        let sandbox = try SandboxServer()
        let receiver = try CallbackReceiver()
        defer {
            sandbox.stop()
            receiver.stop()
        }
        let merchant = Merchant(apiBase: sandbox.baseURL)
        let token = try await sandbox.accessToken()
        let sessionId = try await merchant.createSession(token: token, reference: "xctest-1", callbackURL: receiver.url)
        let checkout = try await sandbox.complete(
            session: sessionId, paymentProductType: "kravia.invoice_b2b", billingAddress: Merchant.businessAddress)
        XCTAssertEqual(checkout.status, "CAPTURED")
        let transactionId = try XCTUnwrap(checkout.transactionId)
        let (status, transaction) = try await merchant.call("GET", "/v1/transactions/\(transactionId)", token: token)
        XCTAssertEqual(status, 200)
        XCTAssertEqual(transaction["merchant_reference"], "xctest-1")
        let entries = try await sandbox.awaitJournal(
            JournalQuery(direction: .inbound, transactionId: transactionId), count: 2)
        XCTAssertEqual(
            entries.map(\.path), ["/__sandbox/sessions/\(sessionId)/complete", "/v1/transactions/\(transactionId)"])
        XCTAssertEqual(entries.map(\.merchantReference), ["xctest-1", "xctest-1"])
    }
}
