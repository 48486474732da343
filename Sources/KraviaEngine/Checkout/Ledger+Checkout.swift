import SandboxSupport

extension Ledger {
    /// The one path every checkout takes, whichever door it came through: validate, verify, register, redirect.
    mutating func complete(_ attempt: CheckoutAttempt, _ context: RequestContext) throws(APIError) -> CheckoutOutcome {
        guard var session = self[session: attempt.sessionId] else {
            throw APIError.notFound("Session \(attempt.sessionId) not found")
        }
        try Self.requirePayable(session, now: context.now)
        var validation = Validation()
        let type = Self.paymentType(attempt.paymentProductType, enabled: session.kravia.enabledTypes, into: &validation)
        let billing =
            attempt.billingAddressIsWhole
            ? (attempt.billingAddress ?? .object([:]))
            : (session.order["billing_address"] ?? .object([:])).merging(attempt.billingAddress)
        if let type { BillingAddressRules.validate(billing, for: type, at: "billing_address", into: &validation) }
        try validation.check()
        guard let type else { throw APIError.internalError("payment type vanished after validation") }
        let plan = try scenario(named: attempt.scenario, session: session, billing: billing)
        let settings = session.kravia.settings(type)

        let verifies = attempt.initiator == .customer && settings.requireIdentityVerification
        let identity = verifies ? (plan.identity ?? attempt.identity) : .approve
        if identity != .approve {
            let error = identity == .reject ? "authorization" : "cancelled"
            session.events.append(
                sessionEvent(
                    identity == .reject ? "DECLINED" : "PAY_FAILED", context,
                    details: ["error": .string(error), "payment_product_type": .string(type.rawValue)]))
            session.updatedAt = context.now
            self[session: session.id] = session
            triggerCallback(.failure(sessionId: session.id, error: error), at: context.now)
            return CheckoutOutcome(
                session: session, transaction: nil, error: error,
                redirectURL: Self.returnURL(session, transactionId: nil, error: error))
        }

        var transaction = register(
            session: session, type: type, billing: billing, plan: plan, verified: verifies, attempt: attempt,
            context: context)
        let error: String? = transaction.status == .failed ? "failed" : nil
        transaction.redirectURL = Self.returnURL(session, transactionId: transaction.id, error: error)
        self[transaction: transaction.id] = transaction
        session.transactionId = transaction.id
        session.updatedAt = context.now
        session.events.append(
            sessionEvent(
                error == nil ? "COMPLETED" : "FAILED", context,
                details: .object(dropping: [
                    "payment_product_type": .string(type.rawValue), "transaction_id": .string(transaction.id),
                    "error": error.map(JSONValue.string),
                ])))
        self[session: session.id] = session
        triggerCallback(.transactionCreated(transactionId: transaction.id), at: context.now)
        reportEvents(of: transaction, from: 0, at: context.now)
        scheduleScenario(plan, for: transaction.id, at: context.now)
        return CheckoutOutcome(
            session: session, transaction: transaction, error: error, redirectURL: transaction.redirectURL)
    }

    static func requirePayable(_ session: Session, now: Timestamp) throws(APIError) {
        if let transactionId = session.transactionId {
            throw .conflict("Session \(session.id) is already paid (transaction \(transactionId))")
        }
        if session.isCancelled { throw .conflict("Session \(session.id) is cancelled") }
        if now >= session.expiresAt { throw .conflict("Session \(session.id) expired at \(session.expiresAt.iso8601)") }
    }

    static func paymentType(_ name: String?, enabled: [KraviaPaymentType], into validation: inout Validation)
        -> KraviaPaymentType?
    {
        let choices = enabled.map(\.rawValue).joined(separator: ", ")
        guard let name, !name.isEmpty else {
            validation.fail("payment_product_type", "is required; one of \(choices)")
            return nil
        }
        guard let type = KraviaPaymentType(rawValue: name), enabled.contains(type) else {
            validation.fail("payment_product_type", "\"\(name)\" is not enabled for this session; one of \(choices)")
            return nil
        }
        return type
    }

    /// `return_url` with Dintero's parameters added and the merchant's own kept.
    static func returnURL(_ session: Session, transactionId: String?, error: String?) -> String? {
        guard let base = session.returnURL else { return nil }
        var items: [(name: String, value: String)] = []
        if let transactionId { items.append(("transaction_id", transactionId)) }
        items.append(("merchant_reference", session.merchantReference))
        if let error { items.append(("error", error)) }
        return URLParts.appending(items, to: base)
    }
}

extension Ledger {
    /// Stores a new session for `accountId` with its INITIATED event.
    mutating func createSession(
        accountId: String, context: RequestContext, make: (_ id: String) -> Session
    ) -> Session {
        var session = make(ids.checkoutId(account: accountId))
        session.events.append(sessionEvent("INITIATED", context))
        books[accountId]?.sessions[session.id] = session
        return session
    }

    /// Lays `order` (and `customer`) over an unpaid, uncancelled session's; the result must be a valid order.
    mutating func updateSession(
        _ id: String, accountId: String, body: JSONValue, strictAmounts: Bool, context: RequestContext
    ) throws(APIError) -> Session {
        var session = try ownedSession(id, accountId: accountId)
        if session.isPaid { throw APIError.conflict("Session \(id) is paid; its order can no longer change") }
        if session.isCancelled { throw APIError.conflict("Session \(id) is cancelled") }
        var validation = Validation()
        _ = validation.object(body, "order", at: "")
        let order = session.order.merging(body["order"])
        OrderValidation.validate(order, at: "order", strictAmounts: strictAmounts, into: &validation)
        try validation.check()
        session.order = order
        if let customer = body["customer"], case .object = customer {
            session.customer = (session.customer ?? .object([:])).merging(customer)
        }
        session.updatedAt = context.now
        session.events.append(sessionEvent("UPDATE_SESSION", context))
        self[session: id] = session
        return session
    }

    /// Cancels an unpaid session (again is harmless); a paid one is a 409 naming the refund to cancel it with.
    mutating func cancelSession(_ id: String, accountId: String, context: RequestContext) throws(APIError) -> Session {
        var session = try ownedSession(id, accountId: accountId)
        if let transactionId = session.transactionId {
            guard self[transaction: transactionId]?.lifecycle == .authorized else {
                throw APIError.conflict(
                    "Session \(id) is paid (transaction \(transactionId), CAPTURED at registration); "
                        + "cancel the invoice with a full refund: POST /v1/transactions/\(transactionId)/refund")
            }
            throw APIError.conflict(
                "Session \(id) is paid (transaction \(transactionId), AUTHORIZED at registration); "
                    + "cancel the invoice before the customer pays: POST /v1/transactions/\(transactionId)/void")
        }
        guard !session.isCancelled else { return session }
        session.cancelledAt = context.now
        session.cancelledBy = books[accountId]?.account.settings.clientId
        session.updatedAt = context.now
        session.events.append(sessionEvent("CANCELLED", context))
        self[session: id] = session
        return session
    }

    /// The customer opened the hosted page: a VISITED event, once per visit streak.
    mutating func recordVisit(_ id: String, context: RequestContext) {
        guard var session = self[session: id], session.events.last?.name != "VISITED" else { return }
        session.events.append(sessionEvent("VISITED", context))
        self[session: id] = session
    }

    /// A merchant-initiated payment's `days_until_due` and `invoice_channel`, laid over the session's settings.
    mutating func applyPaymentOverrides(
        sessionId: String, type: KraviaPaymentType, daysUntilDue: Int?, channel: String?
    ) {
        guard daysUntilDue != nil || channel != nil, var session = self[session: sessionId], !session.isPaid,
            var settings = session.kravia.types[type]
        else { return }
        if let daysUntilDue { settings.daysUntilDue = daysUntilDue }
        if let channel { settings.invoiceChannel = channel }
        session.kravia.types[type] = settings
        self[session: sessionId] = session
    }

    func sessionEvent(_ name: String, _ context: RequestContext, details: JSONValue? = nil) -> SessionEvent {
        SessionEvent(id: ids.uuid(), name: name, createdAt: context.now, requestId: context.requestId, details: details)
    }
}
