/// Why a callback to the session's `callback_url` is due.
enum CallbackTrigger: Sendable {
    /// A transaction was created (CAPTURED, ON_HOLD or FAILED registration).
    case transactionCreated(transactionId: String)
    /// An ON_HOLD transaction left hold (to CAPTURED or FAILED).
    case transactionReleased(transactionId: String)
    /// An event was applied (CAPTURE, REFUND, SETTLEMENT, ...), for `report_event`.
    case event(transactionId: String, event: TransactionEventKind, eventId: String)
    /// The checkout failed without a transaction (BankID rejected or cancelled), for `report_error`.
    case failure(sessionId: String, error: String)

    /// The trigger's name as deliveries report it.
    enum Kind: String, Sendable, Codable {
        case transactionCreated = "transaction_created"
        case transactionReleased = "transaction_released"
        case event
        case failure
        /// An account webhook delivery (`CallbackDelivery.webhook` says which).
        case webhook
    }

    var kind: Kind {
        switch self {
        case .transactionCreated: .transactionCreated
        case .transactionReleased: .transactionReleased
        case .event: .event
        case .failure: .failure
        }
    }
}
