import SandboxSupport

/// A Kravia invoice payment as Dintero reports it.
struct Transaction: Sendable, Codable {
    var id: String
    var accountId: String
    var sessionId: String
    var paymentProductType: KraviaPaymentType
    var amount: Int
    var currency: String
    var merchantReference: String
    /// A second reference the merchant may set or change after the fact (`PUT /v1/transactions/{id}`).
    var merchantReference2: String?
    var status: TransactionStatus
    var items: JSONValue
    var billingAddress: JSONValue
    var shippingAddress: JSONValue?
    var customer: JSONValue?
    var callbackURL: String?
    var redirectURL: String?
    var events: [TransactionEvent] = []
    var metadata: JSONObject = [:]
    var createdAt: Timestamp
    var updatedAt: Timestamp
    var paymentOperation: String?
    var scenario: String
    var invoiceNumber: String?
    var verifiedIdentity: JSONValue?
    /// The model the transaction lives by, fixed when it is created (an account may switch for later ones).
    var lifecycle: KraviaLifecycle = .captured
    /// Who delivers the invoice: `kravia`, or `merchant` (today's model then waits for the merchant's capture).
    var invoiceChannel = "kravia"

    /// What refunds have taken back so far.
    var refundedAmount: Int {
        events.filter { $0.event == .refund && $0.success }.reduce(0) { $0 + ($1.amount ?? 0) }
    }
}

/// One entry in a transaction's `events`, carrying Dintero's `event` key and the same value under `name`.
struct TransactionEvent: Sendable, Codable {
    var id: String
    var event: TransactionEventKind
    var transactionStatus: TransactionStatus
    var success: Bool
    var amount: Int?
    var createdAt: Timestamp
    var requestId: String
    var metadata: JSONObject = [:]
    var reason: String?
    var error: JSONValue?
    /// The merchant's reference for the operation (`refund_reference`, `capture_reference`).
    var eventReference: String?
    /// The settlements that paid this operation out.
    var settlements: [EventSettlement] = []
}

extension Transaction {
}
