extension Sandbox {
    static var completionRoutes: [Route] {
        [Route("POST", "/__sandbox/sessions/{session_id}/complete") { try $0.completeFromControl($1) }]
    }

    /// `POST /__sandbox/sessions/{id}/complete`: the customer's checkout, driven by a test.
    func completeFromControl(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        let type = validation.string(body, "payment_product_type", at: "", required: false)
        let billing = validation.object(body, "billing_address", at: "", required: false)
        let identity = validation.oneOf(body, "identity", at: "", IdentityOutcome.allCases.map(\.rawValue))
        let scenario = validation.string(body, "scenario", at: "", required: false)
        try validation.check()
        let attempt = CheckoutAttempt(
            sessionId: context.parameter("session_id"), paymentProductType: type ?? defaultPaymentType(context),
            billingAddress: billing, identity: identity.flatMap(IdentityOutcome.init(rawValue:)) ?? .approve,
            scenario: scenario)
        return .json(try ledger.transact { ledger throws in try ledger.complete(attempt, context) }.json)
    }

    /// With one enabled type the complete call may omit `payment_product_type`.
    private func defaultPaymentType(_ context: RequestContext) -> String? {
        let enabled = ledger.read { $0[session: context.parameter("session_id")]?.kravia.enabledTypes } ?? []
        return enabled.count == 1 ? enabled[0].rawValue : nil
    }
}
