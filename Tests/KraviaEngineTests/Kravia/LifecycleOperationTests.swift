import KraviaEngine
import SandboxSupport
import Testing

/// State × operation → outcome, for both models, through the merchant's API: what refund, capture and void
/// answer in every state a transaction can be in.
@Suite struct LifecycleOperationTests {
    /// How a row's transaction is brought into its state.
    enum Setup: String, Sendable {
        case unpaid, merchantDelivered, partlyPaid, paid, partlyRefunded, refunded, settled, voided, onHold, failed
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var lifecycle: KraviaLifecycle
        var setup: Setup
        var status: String
        /// Status code and error code (nil for success) of refund, capture and void.
        var refund: (Int, String?)
        var capture: (Int, String?)
        var void: (Int, String?)
        var testDescription: String { "\(lifecycle) \(status) (\(setup))" }
    }

    static let notSupported = (400, "OPERATION_NOT_SUPPORTED" as String?)
    static let badState = (400, "INVALID_TRANSACTION_STATE" as String?)
    static let done = (200, nil as String?)

    static let rows: [Row] = [
        Row(
            lifecycle: .captured, setup: .unpaid, status: "CAPTURED", refund: done, capture: notSupported,
            void: notSupported),
        Row(
            lifecycle: .captured, setup: .partlyRefunded, status: "PARTIALLY_REFUNDED", refund: done,
            capture: notSupported, void: notSupported),
        Row(
            lifecycle: .captured, setup: .refunded, status: "REFUNDED", refund: (400, "INVALID_REQUEST_PARAMETER"),
            capture: notSupported, void: notSupported),
        Row(
            lifecycle: .captured, setup: .settled, status: "SETTLED", refund: (409, "TRANSACTION_SETTLED"),
            capture: notSupported, void: notSupported),
        Row(
            lifecycle: .captured, setup: .onHold, status: "ON_HOLD", refund: badState, capture: notSupported,
            void: notSupported),
        Row(
            lifecycle: .captured, setup: .failed, status: "FAILED", refund: badState, capture: notSupported,
            void: notSupported),
        Row(
            lifecycle: .authorized, setup: .unpaid, status: "AUTHORIZED", refund: notSupported, capture: notSupported,
            void: done),
        Row(
            lifecycle: .authorized, setup: .merchantDelivered, status: "AUTHORIZED", refund: notSupported,
            capture: done, void: done),
        Row(
            lifecycle: .authorized, setup: .partlyPaid, status: "PARTIALLY_CAPTURED", refund: notSupported,
            capture: notSupported, void: (409, "TRANSACTION_PAID")),
        Row(
            lifecycle: .authorized, setup: .paid, status: "CAPTURED", refund: notSupported, capture: notSupported,
            void: (409, "TRANSACTION_PAID")),
        Row(
            lifecycle: .authorized, setup: .voided, status: "AUTHORIZATION_VOIDED", refund: notSupported,
            capture: badState, void: (409, "TRANSACTION_VOIDED")),
        Row(
            lifecycle: .authorized, setup: .onHold, status: "ON_HOLD", refund: notSupported,
            capture: (409, "TRANSACTION_ON_HOLD"), void: done),
        Row(
            lifecycle: .authorized, setup: .failed, status: "FAILED", refund: notSupported, capture: badState,
            void: badState),
    ]

    /// A fresh sandbox of `row`'s model with one transaction in `row`'s state.
    static func prepare(_ row: Row) -> (EngineClient, JSONValue) {
        let client = AuthorizedLifecycleTests.client(row.lifecycle)
        let scenario: String =
            switch row.setup {
            case .onHold: "on-hold-then-captured"
            case .failed: "registration-failed"
            case .settled: "happy-path"
            default: "unpaid"
            }
        let configuration = row.setup == .merchantDelivered ? AuthorizedLifecycleTests.merchantDelivered : nil
        let transaction = AuthorizedLifecycleTests.purchase(client, scenario: scenario, configuration: configuration)
        let refund = { (amount: Int) in
            client.send("POST", "/v1/transactions/\(transaction.id)/refund", json: ["amount": JSONValue(amount)])
        }
        switch row.setup {
        case .partlyPaid: _ = client.pay(transaction.invoiceNumber, 100)
        case .paid: _ = client.pay(transaction.invoiceNumber, 50000)
        case .partlyRefunded: _ = refund(100)
        case .refunded: _ = refund(50000)
        case .settled: client.clock(["advance": "P30D"])
        case .voided: client.send("POST", "/v1/transactions/\(transaction.id)/void")
        default: break
        }
        return (client, client.transaction(transaction.id))
    }

    @Test(arguments: rows)
    func everyStateAnswersEveryOperationAsItsModelSays(_ row: Row) {
        for (operation, expected) in [("refund", row.refund), ("capture", row.capture), ("void", row.void)] {
            let (client, transaction) = Self.prepare(row)
            #expect(transaction["status"] == .string(row.status))
            let body: JSONValue = operation == "void" ? [:] : ["amount": operation == "refund" ? 100 : 50000]
            let answer = client.send("POST", "/v1/transactions/\(transaction.id)/\(operation)", json: body)
            #expect(answer.status == expected.0, "\(operation): \(answer.body)")
            #expect(answer.body["error"]?["code"]?.stringValue == expected.1, "\(operation)")
            let after = client.transaction(transaction.id)
            if expected.1 != nil {
                #expect(after == transaction, "a refused \(operation) changes nothing")
            }
        }
    }
}
