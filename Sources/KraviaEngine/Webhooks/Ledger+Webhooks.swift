import SandboxSupport

/// What happened, in the terms of the webhook events it is announced as.
enum WebhookTrigger: Sendable {
    /// A transaction was created or changed (`checkout_transaction`).
    case transaction(transactionId: String)
    /// What a `callback_url` with `report_error=true` would be called for (`checkout_authorization`).
    case authorization(CallbackTrigger)
    /// A settlement was made (`settlement_add`).
    case settlementAdded(settlementId: String)
    /// A subscription was created or pinged.
    case ping(subscriptionId: String)
}

extension Ledger {
    /// Announces a callback-worthy change to the account's webhook subscriptions as well: creation and release
    /// as `checkout_transaction` and `checkout_authorization`, captures, refunds, voids and settlements as
    /// `checkout_transaction`, failed checkouts as `checkout_authorization`.
    mutating func announce(_ trigger: CallbackTrigger, at now: Timestamp) {
        switch trigger {
        case .transactionCreated(let id), .transactionReleased(let id):
            let accountId = Self.accountId(ofObject: id)
            triggerWebhooks(.transaction(transactionId: id), accountId: accountId, at: now)
            triggerWebhooks(.authorization(trigger), accountId: accountId, at: now)
        case .event(let id, let event, _) where [.capture, .refund, .void, .settlement].contains(event):
            triggerWebhooks(.transaction(transactionId: id), accountId: Self.accountId(ofObject: id), at: now)
        case .failure(let sessionId, _):
            triggerWebhooks(.authorization(trigger), accountId: Self.accountId(ofObject: sessionId), at: now)
        case .event:
            break
        }
    }

    /// Queues a delivery for every active subscription of `accountId` that asked for the trigger's event (a ping
    /// goes to its subscription only), due now, in each subscription's own order.
    mutating func triggerWebhooks(_ trigger: WebhookTrigger, accountId: String, at now: Timestamp) {
        // Only the subscriptions are held: a copy of the whole book kept alive here made every delivery stored
        // below copy the account's deliveries.
        guard let subscriptions = books[accountId]?.subscriptions, subscriptions.count > 0 else { return }
        let event = Self.event(of: trigger)
        for subscription in subscriptions.all where subscription.active {
            if case .ping(let target) = trigger {
                guard subscription.id == target else { continue }
            } else {
                guard subscription.events.contains(event) else { continue }
            }
            let deliveryId = environment.callbackIds.uuid()
            guard
                let payload = webhookPayload(
                    trigger, event: event, accountId: accountId, deliveryId: deliveryId, at: now)
            else { continue }
            var delivery = CallbackDelivery(
                id: deliveryId, sequence: nextDeliverySequence, accountId: accountId,
                transactionId: payload.transactionId, sessionId: payload.sessionId ?? "",
                merchantReference: payload.merchantReference ?? "", url: subscription.url, method: "POST",
                body: JSONSerializer.data(payload.body), trigger: .webhook, event: nil, eventId: nil, error: nil,
                createdAt: now)
            nextDeliverySequence += 1
            delivery.webhook = WebhookTarget(subscriptionId: subscription.id, event: event)
            delivery.nextAttemptAt = now
            books[accountId]?.deliveries[delivery.id] = delivery
            timeline.schedule(.callbackAttempt(accountId: accountId, deliveryId: delivery.id), at: now)
            require(.wakeTimeline)
        }
    }

    private static func event(of trigger: WebhookTrigger) -> WebhookEvent {
        switch trigger {
        case .transaction: .checkoutTransaction
        case .authorization: .checkoutAuthorization
        case .settlementAdded: .settlementAdd
        case .ping: .ping
        }
    }

    /// A delivery's body and what it concerns.
    private struct WebhookPayload {
        var body: JSONValue
        var transactionId: String?
        var sessionId: String?
        var merchantReference: String?
    }

    /// The body Dintero documents for each event (docs.dintero.com/docs/checkout/checkout-webhooks,
    /// /webhooks-api): `account_id`, `event`, `event_delivery`, then the subject.
    private func webhookPayload(
        _ trigger: WebhookTrigger, event: WebhookEvent, accountId: String, deliveryId: String, at now: Timestamp
    ) -> WebhookPayload? {
        var body: JSONObject = [
            "account_id": .string(accountId), "event": .string(event.rawValue), "event_delivery": .string(deliveryId),
        ]
        switch trigger {
        case .transaction(let id):
            guard let transaction = self[transaction: id] else { return nil }
            body["transaction"] = transaction.json
            return WebhookPayload(
                body: .object(body), transactionId: id, sessionId: transaction.sessionId,
                merchantReference: transaction.merchantReference)
        case .authorization(let callback):
            let transaction: Transaction?
            let session: Session?
            var error: String?
            switch callback {
            case .transactionCreated(let id), .transactionReleased(let id):
                transaction = self[transaction: id]
                session = transaction.flatMap { self[session: $0.sessionId] }
                if transaction?.status == .failed { error = "failed" }
            case .failure(let sessionId, let reason):
                transaction = nil
                session = self[session: sessionId]
                error = reason
            case .event:
                return nil
            }
            guard let session else { return nil }
            body["transaction_id"] = transaction.map { .string($0.id) }
            body["session_id"] = .string(session.id)
            body["merchant_reference"] = .string(session.merchantReference)
            body["time"] = .string((transaction?.createdAt ?? now).iso8601)
            body["error"] = error.map(JSONValue.string)
            return WebhookPayload(
                body: .object(body), transactionId: transaction?.id, sessionId: session.id,
                merchantReference: session.merchantReference)
        case .settlementAdded(let id):
            guard let settlement = books[accountId]?.settlements[id] else { return nil }
            body["settlement"] = settlement.json
            return WebhookPayload(body: .object(body))
        case .ping(let subscriptionId):
            body["hook_id"] = .string(subscriptionId)
            return WebhookPayload(body: .object(body))
        }
    }
}
