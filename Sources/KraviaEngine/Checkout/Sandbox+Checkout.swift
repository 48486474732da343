extension Sandbox {
    /// The one path every checkout takes, whichever door it came through: validate, verify, register, redirect.
    func complete(_ attempt: CheckoutAttempt, _ context: RequestContext) throws -> CheckoutOutcome {
        try withState { state throws -> CheckoutOutcome in
            guard var session = state.sessions[attempt.sessionId] else {
                throw APIError.notFound("Session \(attempt.sessionId) not found")
            }
            try Self.requirePayable(session, now: context.now)
            var validation = Validation()
            let type = Self.paymentType(
                attempt.paymentProductType, enabled: session.kravia.enabledTypes, into: &validation)
            let billing = (session.order["billing_address"] ?? .object([:])).merging(attempt.billingAddress)
            if let type { BillingAddressRules.validate(billing, for: type, at: "billing_address", into: &validation) }
            try validation.check()
            guard let type else { throw APIError.internalError("payment type vanished after validation") }
            let plan = try scenario(named: attempt.scenario, session: session, billing: billing, in: state)
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
                state.sessions[session.id] = session
                triggerCallback(.failure(sessionId: session.id, error: error), at: context.now, in: &state)
                return CheckoutOutcome(
                    session: session, transaction: nil, error: error,
                    redirectURL: Self.returnURL(session, transactionId: nil, error: error))
            }

            var transaction = register(
                session: session, type: type, settings: settings, billing: billing, plan: plan,
                verified: verifies, attempt: attempt, context: context, in: &state)
            let error: String? = transaction.status == "FAILED" ? "failed" : nil
            transaction.redirectURL = Self.returnURL(session, transactionId: transaction.id, error: error)
            state.transactions[transaction.id] = transaction
            session.transactionId = transaction.id
            session.updatedAt = context.now
            session.events.append(
                sessionEvent(
                    error == nil ? "COMPLETED" : "FAILED", context,
                    details: .object(dropping: [
                        "payment_product_type": .string(type.rawValue), "transaction_id": .string(transaction.id),
                        "error": error.map(JSONValue.string),
                    ])))
            state.sessions[session.id] = session
            triggerCallback(.transactionCreated(transactionId: transaction.id), at: context.now, in: &state)
            if let capture = transaction.events.last(where: { $0.event == "CAPTURE" && $0.success }) {
                triggerCallback(
                    .event(transactionId: transaction.id, event: "CAPTURE", eventId: capture.id), at: context.now,
                    in: &state)
            }
            scheduleScenario(plan, for: transaction.id, at: context.now, in: &state)
            return CheckoutOutcome(
                session: session, transaction: transaction, error: error, redirectURL: transaction.redirectURL)
        }
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
