import SandboxSupport

/// How an embedded checkout ended, as the Web SDK event the page posts to the shop instead of following the
/// `302`: `SessionPaymentAuthorized`, `SessionPaymentOnHold`, `SessionPaymentError` or `SessionCancel`, each
/// with the `href` the redirect would have gone to.
struct EmbeddedOutcome: Sendable {
    /// The panel shown: `authorized`, `on_hold`, `error` or `cancel`.
    var kind: String
    /// The event's `type`.
    var eventType: String
    /// The event's payload, `type` and `sid` aside.
    var payload: JSONObject

    /// The event for a finished checkout. A registered invoice counts as paid whatever its lifecycle calls it
    /// (CAPTURED, or AUTHORIZED), ON_HOLD is on hold, a FAILED registration and a rejected BankID are errors, and a
    /// cancelled BankID is a cancel.
    init(error: String?, status: TransactionStatus?, transactionId: String?, merchantReference: String, href: String) {
        var payload: JSONObject = [
            "merchant_reference": .string(merchantReference), "href": .string(href),
        ]
        if let transactionId { payload["transaction_id"] = .string(transactionId) }
        switch (error, status) {
        case ("cancelled", _):
            (kind, eventType) = ("cancel", "SessionCancel")
        case (let error?, _):
            (kind, eventType) = ("error", "SessionPaymentError")
            payload["error"] = .string(error)
        case (nil, .onHold?):
            (kind, eventType) = ("on_hold", "SessionPaymentOnHold")
        case (nil, _):
            (kind, eventType) = ("authorized", "SessionPaymentAuthorized")
        }
        self.payload = payload
    }

    /// The customer leaving with "Cancel and return to the shop".
    static func leaving(merchantReference: String, href: String) -> EmbeddedOutcome {
        EmbeddedOutcome(
            error: "cancelled", status: nil, transactionId: nil, merchantReference: merchantReference, href: href)
    }

    /// The event as the page's script posts it (it adds `sid` and `mid`).
    var event: JSONValue {
        .object(["type": .string(eventType), "payload": .object(payload)])
    }

    /// The key of the panel's explanation.
    var textKey: String {
        switch kind {
        case "error":
            let error = payload["error"]?.stringValue
            return error == "authorization" || error == "failed" ? "result.error.\(error ?? "")" : "result.error.other"
        case "cancel": return "result.cancel.text"
        default: return "result.\(kind).text"
        }
    }
}
