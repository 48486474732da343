import KraviaEngine
import SandboxSupport

/// What completing a session through the sandbox led to.
public struct CompletedCheckout: Sendable, Equatable {
    /// The session.
    public var sessionId: String
    /// The transaction, when one was created (not when BankID was rejected or cancelled).
    public var transactionId: String?
    /// The transaction's `status`, e.g. `CAPTURED` or `ON_HOLD`.
    public var status: String?
    /// The transaction as Dintero renders it.
    public var transaction: JSONValue?
    /// Where the customer's browser would be sent next (the merchant's `return_url` with its parameters).
    public var redirectURL: String?
    /// The whole answer of `POST /__sandbox/sessions/{id}/complete`.
    public var json: JSONValue

    init(_ json: JSONValue) {
        self.json = json
        sessionId = json["session_id"]?.stringValue ?? ""
        transaction = json["transaction"].flatMap { $0.isNull ? nil : $0 }
        transactionId = transaction?["id"]?.stringValue
        status = transaction?["status"]?.stringValue
        redirectURL = json["redirect_url"]?.stringValue
    }
}
