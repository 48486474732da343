/// Where a Kravia transaction stands, with Dintero's names. What each state allows is the lifecycle's table
/// (`KraviaLifecycle+Rules.swift`), so the two models' transitions live in one place.
enum TransactionStatus: String, Sendable, Codable, CaseIterable {
    /// Created, registration not yet decided (never visible outside the registration itself).
    case initiated = "INITIATED"
    /// Kravia holds the registration back (a scenario's `on_hold`) until it is released.
    case onHold = "ON_HOLD"
    /// Today's model: the invoice is registered and the customer owes it; nothing is paid yet.
    case authorized = "AUTHORIZED"
    /// Today's model: the customer has paid part of the invoice.
    case partiallyCaptured = "PARTIALLY_CAPTURED"
    /// The seeds' model: the invoice is registered and the customer owes it. Today's model: paid in full.
    case captured = "CAPTURED"
    /// Part of the amount was refunded.
    case partiallyRefunded = "PARTIALLY_REFUNDED"
    /// Everything was refunded: the invoice is withdrawn.
    case refunded = "REFUNDED"
    /// Paid by the customer and paid out to the merchant.
    case settled = "SETTLED"
    /// The registration failed.
    case failed = "FAILED"
    /// Today's model: voided before the customer paid; the invoice is withdrawn.
    case authorizationVoided = "AUTHORIZATION_VOIDED"
}

/// The kinds of entries in a transaction's `events`, with Dintero's names.
enum TransactionEventKind: String, Sendable, Codable {
    /// The transaction was created on hold.
    case initialize = "INITIALIZE"
    /// Today's model: the invoice was registered (the transaction is AUTHORIZED).
    case authorize = "AUTHORIZE"
    /// Today's model: collection started (Kravia delivered the invoice, or the merchant captured).
    case initiateCapture = "INITIATE_CAPTURE"
    /// The seeds' model: the invoice was registered (or failed to be, with `success: false`). Today's model: a
    /// customer payment, with the amount paid.
    case capture = "CAPTURE"
    /// A refund.
    case refund = "REFUND"
    /// The payout to the merchant.
    case settlement = "SETTLEMENT"
    /// Today's model: the merchant voided the transaction; the invoice is withdrawn.
    case void = "VOID"
}
