import Foundation
import SandboxSupport

extension Ledger {
    /// Queues the callbacks `trigger` calls for, so their order follows the events.
    ///
    /// Creation and release always call; failures only with `report_error=true`; events only when
    /// `report_event` names them. The first attempt is due after `delay_callback` (at most 60 s) plus any delay
    /// the transaction's scenario adds.
    /// - Parameter given: the scenario's `CallbackBehaviour` to use instead of looking it up.
    mutating func triggerCallback(
        _ trigger: CallbackTrigger, behaviour given: CallbackBehaviour? = nil, at now: Timestamp
    ) {
        announce(trigger, at: now)
        guard let draft = callbackDraft(for: trigger, at: now) else { return }
        let behaviour =
            given ?? draft.scenario.flatMap { environment.scenario(named: $0)?.callbacks } ?? .faithful
        var due = now.adding(milliseconds: Int64(draft.options.delaySeconds) * 1000 + behaviour.extraDelayMilliseconds)
        if behaviour.reorder, draft.trigger != .event {
            // Out of order: the creation callback lands after the event callbacks triggered with it.
            due = due.adding(milliseconds: Self.reorderDelayMilliseconds)
        }
        for _ in 0...max(behaviour.duplicates, 0) {
            var delivery = draft.delivery(
                id: environment.callbackIds.uuid(), sequence: nextDeliverySequence, createdAt: now)
            nextDeliverySequence += 1
            delivery.signsWithWrongSecret = behaviour.wrongSignature
            delivery.nextAttemptAt = due
            books[delivery.accountId]?.deliveries[delivery.id] = delivery
            timeline.schedule(.callbackAttempt(accountId: delivery.accountId, deliveryId: delivery.id), at: due)
        }
        require(.wakeTimeline)
    }

    /// How much later a reordering scenario sends a transaction's creation callback.
    static let reorderDelayMilliseconds: Int64 = 5000

    /// Everything a delivery needs, or nil when this trigger calls nothing for this session's `callback_url`.
    private func callbackDraft(for trigger: CallbackTrigger, at now: Timestamp) -> CallbackDraft? {
        switch trigger {
        case .transactionCreated(let id), .transactionReleased(let id):
            guard let transaction = self[transaction: id],
                var draft = CallbackDraft(transaction, session: self[session: transaction.sessionId])
            else { return nil }
            draft.trigger = trigger.kind
            if transaction.status == .failed, draft.options.reportsErrors { draft.error = "failed" }
            return draft
        case .event(let id, let event, let eventId):
            guard let transaction = self[transaction: id],
                var draft = CallbackDraft(transaction, session: self[session: transaction.sessionId]),
                draft.options.reports(event: event.rawValue)
            else { return nil }
            draft.trigger = .event
            draft.event = event
            draft.eventId = eventId
            return draft
        case .failure(let sessionId, let error):
            guard let session = self[session: sessionId], var draft = CallbackDraft(session, at: now),
                draft.options.reportsErrors
            else { return nil }
            draft.error = error
            return draft
        }
    }
}

/// A callback being put together from a transaction or a failed session, before it gets an id.
private struct CallbackDraft {
    var accountId: String
    var transactionId: String?
    var sessionId: String
    var merchantReference: String
    var callbackURL: String
    var options: CallbackOptions
    /// Dintero's `time`: when the transaction was created (the failure's time when there is none).
    var time: Timestamp
    var scenario: String?
    var trigger = CallbackTrigger.Kind.failure
    var event: TransactionEventKind?
    var eventId: String?
    var error: String?
    var transactionJSON: JSONValue?
    var sessionJSON: JSONValue?

    init?(_ transaction: Transaction, session: Session?) {
        guard let url = session?.callbackURL ?? transaction.callbackURL else { return nil }
        accountId = transaction.accountId
        transactionId = transaction.id
        sessionId = transaction.sessionId
        merchantReference = transaction.merchantReference
        callbackURL = url
        options = CallbackOptions(url: url)
        time = transaction.createdAt
        scenario = transaction.scenario
        transactionJSON = transaction.json
        sessionJSON = session?.json
    }

    init?(_ session: Session, at now: Timestamp) {
        guard let url = session.callbackURL else { return nil }
        accountId = session.accountId
        sessionId = session.id
        merchantReference = session.merchantReference
        callbackURL = url
        options = CallbackOptions(url: url)
        time = now
        sessionJSON = session.json
    }

    /// Dintero's parameters after the merchant's own, which stay exactly as given (repeated keys too).
    var url: String {
        var items: [(name: String, value: String)] = []
        if let transactionId { items.append(("transaction_id", transactionId)) }
        items.append((options.sessionIdParameter, sessionId))
        items.append(("merchant_reference", merchantReference))
        items.append(("time", time.iso8601))
        if let error { items.append(("error", error)) }
        if let event { items.append(("event", event.rawValue)) }
        if let eventId { items.append(("event_id", eventId)) }
        // A fragment is never sent to a server.
        let base = callbackURL.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return URLParts.appending(items, to: String(base))
    }

    /// POST callbacks carry the transaction; without one (a failed checkout) an object with only the session,
    /// when asked for, so the body is always JSON.
    var body: Data? {
        guard options.method == "POST" else { return nil }
        var json = transactionJSON ?? .object([:])
        if options.includesSession, let sessionJSON { json["session"] = sessionJSON }
        return JSONSerializer.data(json)
    }

    func delivery(id: String, sequence: Int, createdAt: Timestamp) -> CallbackDelivery {
        CallbackDelivery(
            id: id, sequence: sequence, accountId: accountId, transactionId: transactionId, sessionId: sessionId,
            merchantReference: merchantReference, url: url, method: options.method, body: body, trigger: trigger,
            event: event, eventId: eventId, error: error, createdAt: createdAt)
    }
}
