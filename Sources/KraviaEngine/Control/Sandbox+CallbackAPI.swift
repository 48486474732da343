extension Sandbox {
    static var callbackRoutes: [Route] {
        [
            Route("GET", "/__sandbox/callbacks") { try $0.listCallbacks($1) },
            Route("GET", "/__sandbox/webhooks") { try $0.listWebhookDeliveries($1) },
            Route("POST", "/__sandbox/callbacks/{delivery_id}/resend") { try $0.resendCallback($1) },
        ]
    }

    /// `POST /__sandbox/callbacks/{delivery_id}/resend`: one more attempt of a failed callback or webhook delivery,
    /// due now (a running clock, or a frozen one, sends it at once); answers the delivery, `pending` again.
    func resendCallback(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("delivery_id")
        let delivery = try ledger.transact { ledger throws in try ledger.resendDelivery(id, at: context.now) }
        return .json(delivery.json)
    }

    /// `GET /__sandbox/webhooks`: every account webhook delivery, oldest first, with each attempt; filtered by
    /// `subscription_id`, `event`, `state` (each repeatable) and `account`.
    func listWebhookDeliveries(_ context: RequestContext) throws -> EndpointResult {
        let items = context.request.queryItems
        let values = { (name: String) in items.filter { $0.name == name }.map(\.value) }
        let (subscriptions, events, states) = (values("subscription_id"), values("event"), values("state"))
        let account = context.query("account")
        try Self.checkDeliveryStates(states)
        let deliveries = ledger.read { ledger in
            ledger.books.values.filter { account == nil || $0.account.id == account }.flatMap(\.deliveries.all)
        }
        let listed = deliveries.sorted { $0.sequence < $1.sequence }.filter { delivery in
            guard let webhook = delivery.webhook else { return false }
            return (subscriptions.isEmpty || subscriptions.contains(webhook.subscriptionId))
                && (events.isEmpty || events.contains(webhook.event.rawValue))
                && (states.isEmpty || states.contains(delivery.state.rawValue))
        }
        return .json(["deliveries": .array(listed.map(\.json))])
    }

    /// `GET /__sandbox/callbacks`: every delivery, oldest first, filtered by `transaction_id`, `session_id`,
    /// `state` (each repeatable) and `account`.
    func listCallbacks(_ context: RequestContext) throws -> EndpointResult {
        let items = context.request.queryItems
        let values = { (name: String) in items.filter { $0.name == name }.map(\.value) }
        let (transactionIds, sessionIds, states) = (values("transaction_id"), values("session_id"), values("state"))
        let account = context.query("account")
        try Self.checkDeliveryStates(states)
        let deliveries = ledger.read { ledger in
            ledger.books.values.filter { account == nil || $0.account.id == account }.flatMap(\.deliveries.all)
        }
        let listed = deliveries.sorted { $0.sequence < $1.sequence }.filter { delivery in
            delivery.webhook == nil
                && (transactionIds.isEmpty || delivery.transactionId.map(transactionIds.contains) == true)
                && (sessionIds.isEmpty || sessionIds.contains(delivery.sessionId))
                && (states.isEmpty || states.contains(delivery.state.rawValue))
        }
        return .json(["deliveries": .array(listed.map(\.json))])
    }

    /// The `state` filters of the delivery lists: each must name a delivery state (400 naming `state` otherwise).
    private static func checkDeliveryStates(_ states: [String]) throws(APIError) {
        var validation = Validation()
        for state in states where CallbackDelivery.State(rawValue: state) == nil {
            let allowed = CallbackDelivery.State.allCases.map(\.rawValue).joined(separator: ", ")
            validation.fail("state", "must be one of \(allowed), got \"\(state)\"")
        }
        try validation.check()
    }
}
