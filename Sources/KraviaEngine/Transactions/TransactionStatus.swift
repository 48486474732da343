/// Where a Kravia transaction stands, with Dintero's names, and what each state allows.
///
/// The rules that depend on a status ask it here (`allows`), so a new lifecycle adds its states and their rows
/// in one place.
enum TransactionStatus: String, Sendable, CaseIterable {
    /// Created, registration not yet decided (never visible outside the registration itself).
    case initiated = "INITIATED"
    /// Kravia holds the registration back (a scenario's `on_hold`) until it is released.
    case onHold = "ON_HOLD"
    /// The invoice is registered; the customer owes it.
    case captured = "CAPTURED"
    /// Part of the amount was refunded.
    case partiallyRefunded = "PARTIALLY_REFUNDED"
    /// Everything was refunded: the invoice is withdrawn.
    case refunded = "REFUNDED"
    /// Paid by the customer and paid out to the merchant.
    case settled = "SETTLED"
    /// The registration failed.
    case failed = "FAILED"

    /// What a merchant, a scenario or the timeline may do to a transaction.
    enum Operation: Sendable {
        /// `POST /v1/transactions/{id}/refund`.
        case refund
        /// A scenario's release from hold.
        case release
        /// Paying out to the merchant once its invoice is paid in full.
        case settle
    }

    /// Whether `operation` may happen in this state.
    func allows(_ operation: Operation) -> Bool {
        switch operation {
        case .refund, .settle: self == .captured || self == .partiallyRefunded
        case .release: self == .onHold
        }
    }
}

/// The kinds of entries in a transaction's `events`, with Dintero's names.
enum TransactionEventKind: String, Sendable {
    /// The transaction was created on hold.
    case initialize = "INITIALIZE"
    /// The invoice was registered (or failed to be, with `success: false`).
    case capture = "CAPTURE"
    /// A refund.
    case refund = "REFUND"
    /// The payout to the merchant.
    case settlement = "SETTLEMENT"
}
