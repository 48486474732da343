import SandboxSupport

/// A checkout session: the order, its configuration and what happened to it.
struct Session: Sendable, Codable {
    var id: String
    var accountId: String
    var profileId: String?
    var createdAt: Timestamp
    var updatedAt: Timestamp
    var expiresAt: Timestamp
    var url: JSONValue
    var order: JSONValue
    var customer: JSONValue?
    var configuration: JSONValue
    /// The Kravia part of `configuration`, parsed.
    var kravia: KraviaConfiguration
    var metadata: JSONObject
    /// Other request fields echoed back as given (`express`, `checkboxes`, ...).
    var extra: JSONObject
    var events: [SessionEvent] = []
    var transactionId: String?
    /// The base URL the session was created through: links (checkout page, invoice PDF) use it.
    var baseURL: String
    var cancelledAt: Timestamp?
    var cancelledBy: String?
    /// What the customer last entered in the hosted page's form, kept for a retry after BankID is rejected or
    /// cancelled; never part of Dintero's session JSON.
    var checkoutDetails: [String: String]?
}

/// One entry in a session's `events`, named as Dintero names them (`INITIATED`, `COMPLETED`, ...).
struct SessionEvent: Sendable, Codable {
    var id: String
    var name: String
    var createdAt: Timestamp
    var requestId: String
    var details: JSONValue?
}
