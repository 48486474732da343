import SandboxSupport

extension Sandbox {
    static var webhookRoutes: [Route] {
        let base = "/v1/accounts/{account_id}/hooks/subscriptions"
        return [
            Route("POST", base, auth: .bearer) { try $0.createSubscription($1) },
            Route("GET", base, auth: .bearer) { try $0.listSubscriptions($1) },
            Route("GET", base + "/{hook_id}", auth: .bearer) { try $0.getSubscription($1) },
            Route("PUT", base + "/{hook_id}", auth: .bearer) { try $0.updateSubscription($1) },
            Route("DELETE", base + "/{hook_id}", auth: .bearer) { try $0.deleteSubscription($1) },
            Route("POST", base + "/{hook_id}/ping", auth: .bearer) { try $0.pingSubscription($1) },
        ]
    }

    /// `POST /v1/accounts/{aid}/hooks/subscriptions {config: {url, content_type?, secret?}, events, active?}`:
    /// a `ping` is delivered at once, as Dintero does.
    func createSubscription(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try context.ownAccountId()
        let fields = try Self.subscriptionBody(context, partial: false)
        let subscription = ledger.transact { ledger -> WebhookSubscription in
            let subscription = WebhookSubscription(
                id: ids.uuid(), accountId: accountId, url: fields.url ?? "", contentType: fields.contentType,
                secret: fields.secret, events: fields.events ?? [], active: fields.active ?? true,
                createdAt: context.now, updatedAt: context.now)
            ledger.books[accountId]?.subscriptions[subscription.id] = subscription
            ledger.triggerWebhooks(.ping(subscriptionId: subscription.id), accountId: accountId, at: context.now)
            return subscription
        }
        return .json(subscription.json)
    }

    /// `GET /v1/accounts/{aid}/hooks/subscriptions`: oldest first, a JSON array.
    func listSubscriptions(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try context.ownAccountId()
        let subscriptions = ledger.read { $0.books[accountId]?.subscriptions.all ?? [] }
        return .json(.array(subscriptions.map(\.json)))
    }

    /// `GET /v1/accounts/{aid}/hooks/subscriptions/{id}`.
    func getSubscription(_ context: RequestContext) throws -> EndpointResult {
        .json(try ledger.read { try Self.subscription($0, context) }.json)
    }

    /// `PUT /v1/accounts/{aid}/hooks/subscriptions/{id}`: any of `config`, `events`, `active`.
    func updateSubscription(_ context: RequestContext) throws -> EndpointResult {
        let fields = try Self.subscriptionBody(context, partial: true)
        let subscription = try ledger.transact { ledger throws -> WebhookSubscription in
            var subscription = try Self.subscription(ledger, context)
            if let url = fields.url { subscription.url = url }
            if fields.hasConfig {
                subscription.contentType = fields.contentType
                subscription.secret = fields.secret
            }
            if let events = fields.events { subscription.events = events }
            if let active = fields.active { subscription.active = active }
            subscription.updatedAt = context.now
            ledger.books[subscription.accountId]?.subscriptions[subscription.id] = subscription
            return subscription
        }
        return .json(subscription.json)
    }

    /// `DELETE /v1/accounts/{aid}/hooks/subscriptions/{id}`: deliveries not yet made are not made.
    func deleteSubscription(_ context: RequestContext) throws -> EndpointResult {
        let subscription = try ledger.transact { ledger throws -> WebhookSubscription in
            let subscription = try Self.subscription(ledger, context)
            ledger.books[subscription.accountId]?.subscriptions[subscription.id] = nil
            return subscription
        }
        return .json(subscription.json)
    }

    /// `POST /v1/accounts/{aid}/hooks/subscriptions/{id}/ping`: another `ping` delivery.
    func pingSubscription(_ context: RequestContext) throws -> EndpointResult {
        let subscription = try ledger.transact { ledger throws -> WebhookSubscription in
            let subscription = try Self.subscription(ledger, context)
            ledger.triggerWebhooks(.ping(subscriptionId: subscription.id), accountId: subscription.accountId, at: context.now)
            return subscription
        }
        return .json(subscription.json)
    }

    private static func subscription(_ ledger: Ledger, _ context: RequestContext) throws(APIError)
        -> WebhookSubscription
    {
        let accountId = try context.ownAccountId()
        let id = context.parameter("hook_id")
        guard let subscription = ledger.books[accountId]?.subscriptions[id] else {
            throw .notFound("Subscription \(id) not found")
        }
        return subscription
    }

    /// A subscription body's fields; every problem a 400 naming its field.
    private struct SubscriptionFields {
        var url: String?
        var contentType = "application/json"
        var secret: String?
        var events: [WebhookEvent]?
        var active: Bool?
        var hasConfig = false
    }

    private static func subscriptionBody(_ context: RequestContext, partial: Bool) throws -> SubscriptionFields {
        let body = try context.jsonObject()
        var validation = Validation()
        var fields = SubscriptionFields()
        if let config = validation.object(body, "config", at: "", required: !partial) {
            fields.hasConfig = true
            fields.url = validation.url(config, "url", at: "config", required: true)
            if let type = validation.oneOf(config, "content_type", at: "config", ["application/json"]) {
                fields.contentType = type
            }
            fields.secret = validation.string(config, "secret", at: "config", required: false)
        }
        if let events = validation.array(body, "events", at: "", required: !partial) {
            let choices = [WebhookEvent.checkoutTransaction, .checkoutAuthorization, .settlementAdd].map(\.rawValue)
            if events.isEmpty { validation.fail("events", "expected at least one of \(choices.joined(separator: ", "))") }
            var chosen: [WebhookEvent] = []
            for (index, event) in events.enumerated() {
                guard let name = event.stringValue, choices.contains(name), let kind = WebhookEvent(rawValue: name) else {
                    validation.fail("events[\(index)]", "expected one of \(choices.joined(separator: ", "))")
                    continue
                }
                if !chosen.contains(kind) { chosen.append(kind) }
            }
            fields.events = chosen
        }
        fields.active = validation.boolean(body, "active", at: "")
        try validation.check()
        return fields
    }
}
