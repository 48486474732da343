import SandboxSupport

extension Sandbox {
    static var merchantPaymentRoutes: [Route] {
        [
            Route("POST", "/v1/sessions/pay", auth: .bearer) { sandbox, context in
                try unsuccessful { try sandbox.createAndPaySession(context) }
            },
            Route("POST", "/v1/sessions/{session_id}/pay", auth: .bearer) { sandbox, context in
                try unsuccessful { try sandbox.paySession(context) }
            },
        ]
    }

    static let payOperations = ["invoice_payment", "invoice_purchase"]

    /// `POST /v1/sessions/{id}/pay`: the two-step merchant-initiated payment; no BankID.
    func paySession(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("session_id")
        let body = try context.jsonObject()
        var validation = Validation()
        let type = validation.string(body, "payment_product_type", at: "")
        let billing = validation.object(body, "billing_address", at: "", required: false)
        let operation = validation.oneOf(body, "operation", at: "", Self.payOperations)
        let days = validation.integer(body, "days_until_due", at: "", in: 0...365, required: false)
        let channel = validation.oneOf(body, "invoice_channel", at: "", ["kravia", "merchant"])
        try validation.check()
        let attempt = CheckoutAttempt(
            sessionId: id, paymentProductType: type, billingAddress: billing, initiator: .merchant,
            operation: operation ?? "invoice_payment")
        let outcome = try ledger.transact { ledger throws in
            _ = try ledger.ownedSession(id, accountId: context.accountId)
            if let type = type.flatMap(KraviaPaymentType.init(rawValue:)) {
                ledger.applyPaymentOverrides(sessionId: id, type: type, daysUntilDue: days, channel: channel)
            }
            return try ledger.complete(attempt, context)
        }
        return .json(Self.payResult(outcome))
    }

    /// `POST /v1/sessions/pay`: the one-step merchant-initiated payment: a session and its payment at once.
    func createAndPaySession(_ context: RequestContext) throws -> EndpointResult {
        let accountId = context.accountId
        let body = try context.jsonObject()
        var validation = Validation()
        let payment = validation.object(body, "payment", at: "")
        let sessionBody = validation.object(body, "session", at: "")
        let typeName = validation.string(payment, "payment_product_type", at: "payment")
        if payment != nil { _ = validation.string(payment, "operation", at: "payment") }
        _ = validation.oneOf(payment, "operation", at: "payment", Self.payOperations)
        let days = validation.integer(payment, "days_until_due", at: "payment", in: 0...365) ?? 14
        let channel = validation.oneOf(payment, "invoice_channel", at: "payment", ["kravia", "merchant"]) ?? "kravia"
        let type = typeName.flatMap(KraviaPaymentType.init(rawValue:))
        if let typeName, type == nil {
            validation.fail(
                "payment.payment_product_type",
                "expected one of \(KraviaPaymentType.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(typeName)\""
            )
        }
        if sessionBody != nil {
            OrderValidation.validate(
                sessionBody?["order"], at: "session.order", strictAmounts: Self.strictAmounts(context),
                into: &validation)
            if let url = validation.object(sessionBody, "url", at: "session", required: false) {
                _ = validation.callbackURL(url, at: "session.url")
                _ = validation.url(url, "return_url", at: "session.url", required: false)
            }
        }
        try validation.check()
        guard let type, let sessionBody else { throw APIError.internalError("pay body vanished after validation") }
        var configuration = KraviaConfiguration()
        configuration.types[type] = .init(
            enabled: true, daysUntilDue: days, requireIdentityVerification: false, invoiceChannel: channel)
        let outcome = try ledger.transact { ledger throws in
            let session = ledger.createSession(accountId: accountId, context: context) { id in
                Session(
                    id: id, accountId: accountId, profileId: nil, createdAt: context.now, updatedAt: context.now,
                    expiresAt: Timestamp(milliseconds: context.now.milliseconds + 24 * 3_600_000),
                    url: sessionBody["url"] ?? .object([:]), order: sessionBody["order"] ?? .null,
                    customer: sessionBody["customer"], configuration: ["kravia": configuration.json],
                    kravia: configuration, metadata: sessionBody["metadata"]?.objectValue ?? [:], extra: [:],
                    baseURL: context.baseURL)
            }
            let attempt = CheckoutAttempt(
                sessionId: session.id, paymentProductType: type.rawValue, billingAddress: nil, initiator: .merchant,
                operation: payment?["operation"]?.stringValue)
            return try ledger.complete(attempt, context)
        }
        return .json(Self.payResult(outcome))
    }

    /// The pay endpoints' errors carry `success: false` beside `error`, as Dintero's spec has them.
    static func unsuccessful(_ body: () throws -> EndpointResult) throws -> EndpointResult {
        do {
            return try body()
        } catch var error as APIError {
            error.siblings["success"] = false
            throw error
        }
    }

    /// Dintero answers pay calls with the transaction plus `session_id` and `success`.
    static func payResult(_ outcome: CheckoutOutcome) -> JSONValue {
        var json = outcome.transaction?.json ?? .object([:])
        json["session_id"] = .string(outcome.session.id)
        json["success"] = .bool(outcome.error == nil)
        return json
    }
}
