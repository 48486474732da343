/// Which of Dintero's two descriptions of a Kravia transaction's life an account follows.
///
/// - `captured` (the seeds, the default): the invoice's registration CAPTURES the transaction; a refund
///   reduces or withdraws the invoice; it becomes SETTLED once paid out.
/// - `authorized` (docs.dintero.com/docs/checkout/kravia/overview today): the registration AUTHORIZES it, an
///   INITIATE_CAPTURE event marks the start of collection, each customer payment CAPTURES what was paid
///   (PARTIALLY_CAPTURED, then CAPTURED), `void` withdraws the invoice, refunds are not supported, and the
///   payout shows in `settlement_status` only.
public enum KraviaLifecycle: String, Sendable, Codable, CaseIterable {
    /// The seeds' model: CAPTURED at registration.
    case captured
    /// Today's model: AUTHORIZED at registration, captured as the customer pays.
    case authorized
}
