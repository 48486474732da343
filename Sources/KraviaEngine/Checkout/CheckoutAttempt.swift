import SandboxSupport

/// The customer's answer to the simulated BankID step.
public enum IdentityOutcome: String, Sendable, CaseIterable {
    /// The customer signs in: the checkout goes on.
    case approve
    /// BankID refuses the customer: `error=authorization`.
    case reject
    /// The customer gives up: `error=cancelled`.
    case cancel
}

/// One attempt to pay a session, from the hosted page, the control API or a merchant-initiated pay call.
struct CheckoutAttempt {
    enum Initiator {
        /// The customer in the checkout (BankID when configured).
        case customer
        /// The merchant's server (`/pay`): no BankID.
        case merchant
    }

    var sessionId: String
    var paymentProductType: String?
    var billingAddress: JSONValue?
    /// The hosted page's form holds the whole address: an emptied field is gone, not refilled from the prefill.
    var billingAddressIsWhole = false
    var identity: IdentityOutcome = .approve
    var scenario: String?
    var initiator: Initiator = .customer
    var operation: String?
}

/// What an attempt led to: the transaction (if one was created) and where the browser goes next.
struct CheckoutOutcome {
    var session: Session
    var transaction: Transaction?
    /// `authorization`, `cancelled` or `failed` when the checkout did not end in a registered invoice.
    var error: String?
    var redirectURL: String?

    var json: JSONValue {
        .object(dropping: [
            "session_id": .string(session.id), "transaction": transaction?.json,
            "redirect_url": redirectURL.map(JSONValue.string),
            "error": error.map(JSONValue.string), "success": .bool(error == nil),
        ])
    }
}
