import SandboxSupport

extension Sandbox {
    static var transactionControlRoutes: [Route] {
        [
            Route("POST", "/__sandbox/transactions/{transaction_id}/refund") { try $0.refundFromControl($1) },
            Route("POST", "/__sandbox/transactions/{transaction_id}/release") { try $0.releaseFromControl($1) },
            Route("POST", "/__sandbox/transactions/{transaction_id}/settle") { try $0.settleFromControl($1) },
        ]
    }

    /// `POST /__sandbox/transactions/{id}/refund {"amount": N, "reason": "…"}`: the merchant's refund without its
    /// token (`amount` defaults to what remains); the same rules and callbacks as `POST /v1/transactions/{id}/refund`.
    func refundFromControl(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("transaction_id")
        let body = try context.jsonObject()
        var validation = Validation()
        let amount = validation.integer(body, "amount", at: "", in: 1...OrderValidation.maximumAmount, required: false)
        let reason = validation.string(body, "reason", at: "", required: false)
        try validation.check()
        let transaction = try ledger.transact { ledger throws in
            let accountId = Ledger.accountId(ofObject: id)
            let found = try ledger.ownedTransaction(id, accountId: accountId)
            let request = Ledger.RefundRequest(
                transactionId: id, accountId: accountId, amount: amount ?? (found.amount - found.refundedAmount),
                reason: reason)
            return try ledger.refund(request, at: context.now, requestId: context.requestId)
        }
        return .json(transaction.json)
    }

    /// `POST /__sandbox/transactions/{id}/release`: Kravia releases an ON_HOLD registration now, as a scenario's
    /// `release` step to `CAPTURED` would (409 when it is not on hold). The scenario's own release step, when it
    /// comes, then finds nothing on hold and its timeline ends there.
    func releaseFromControl(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("transaction_id")
        let transaction = try ledger.transact { ledger throws in
            let found = try ledger.ownedTransaction(id, accountId: Ledger.accountId(ofObject: id))
            guard found.allows(.release) else {
                throw APIError.conflict(
                    "Transaction \(id) is \(found.status.rawValue); only ON_HOLD can be released", code: "NOT_ON_HOLD")
            }
            _ = ledger.release(id, to: .captured, at: context.now)
            return ledger[transaction: id] ?? found
        }
        return .json(transaction.json)
    }

    /// `POST /__sandbox/transactions/{id}/settle`: pays a paid transaction out now instead of after the settlement
    /// delay, with its SETTLEMENT event and callback (409 when it is not paid, or already settled).
    func settleFromControl(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("transaction_id")
        let transaction = try ledger.transact { ledger throws in
            let found = try ledger.ownedTransaction(id, accountId: Ledger.accountId(ofObject: id))
            guard found.allows(.settle), !found.isSettled else {
                throw APIError.conflict(
                    "Transaction \(id) is \(found.status.rawValue)"
                        + (found.isSettled ? " and already settled" : "; only a paid transaction can be settled"),
                    code: "NOT_SETTLEABLE")
            }
            ledger.settle(id, at: context.now)
            return ledger[transaction: id] ?? found
        }
        return .json(transaction.json)
    }
}
