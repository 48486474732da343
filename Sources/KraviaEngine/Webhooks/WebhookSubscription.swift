import SandboxSupport

/// The account events a webhook subscription can ask for (Dintero's Hooks API; `ping` is sent, not chosen).
enum WebhookEvent: String, Sendable, Codable, CaseIterable {
    /// A transaction was created or changed: captured, refunded, voided, settled.
    case checkoutTransaction = "checkout_transaction"
    /// What a session `callback_url` with `report_error=true` gets: authorized (or on hold), failed, declined.
    case checkoutAuthorization = "checkout_authorization"
    /// A settlement was made.
    case settlementAdd = "settlement_add"
    /// The check sent when a subscription is created or pinged.
    case ping
}

/// An account's webhook subscription (`/v1/accounts/{aid}/hooks/subscriptions`).
struct WebhookSubscription: Sendable, Codable {
    var id: String
    var accountId: String
    var url: String
    var contentType: String
    /// The HMAC-SHA1 key of the `event-signature` header; write-only (never shown back).
    var secret: String?
    var events: [WebhookEvent]
    var active: Bool
    var createdAt: Timestamp
    var updatedAt: Timestamp

    var json: JSONValue {
        [
            "id": .string(id), "account_id": .string(accountId),
            "config": .object(dropping: [
                "url": .string(url), "content_type": .string(contentType),
                "insecure_ssl": "0", "secret": secret == nil ? nil : "********",
            ]),
            "events": .array(events.map { .string($0.rawValue) }), "active": .bool(active),
            "created_at": .string(createdAt.iso8601), "updated_at": .string(updatedAt.iso8601),
        ]
    }
}

/// Why a webhook delivery is made: what `CallbackDelivery.webhook` carries.
struct WebhookTarget: Sendable, Codable {
    var subscriptionId: String
    var event: WebhookEvent
}
