/// How a scenario bends callback delivery for its transactions (SPEC §5: delay, duplicates, order, signature).
struct CallbackBehaviour: Sendable, Equatable {
    /// Added to every delivery's delay, in milliseconds.
    var extraDelayMilliseconds: Int64 = 0
    /// How many extra copies of each delivery are sent.
    var duplicates = 0
    /// Whether a transaction's deliveries may arrive out of order.
    var reorder = false
    /// Whether the `Dintero-Signature` is computed with a wrong secret.
    var wrongSignature = false

    /// Delivery exactly as Dintero does it.
    static let faithful = CallbackBehaviour()
}
