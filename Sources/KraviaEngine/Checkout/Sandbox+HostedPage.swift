import Foundation
import SandboxHTTP
import SandboxSupport

extension Sandbox {
    static var hostedPageRoutes: [Route] {
        [
            Route("GET", "/v1/view/{session_id}") { try $0.showCheckout($1) },
            Route("POST", "/v1/view/{session_id}") { try $0.submitCheckout($1) },
        ]
    }

    /// `GET /v1/view/{id}`: the hosted checkout page `session.url` points at.
    func showCheckout(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("session_id")
        let session = try ledger.transact { ledger throws in
            guard let session = ledger[session: id] else { throw APIError.notFound("Session \(id) not found") }
            if Self.payabilityProblem(session, now: context.now) == nil { ledger.recordVisit(id, context: context) }
            return session
        }
        let page = HostedPage(session: session, scenarios: configuration.scenarios.map(\.name))
        if let problem = Self.payabilityProblem(session, now: context.now) {
            return Self.html(page.message("This checkout cannot be paid", problem), status: 409)
        }
        return Self.html(page.checkoutForm(values: [:]))
    }

    /// `POST /v1/view/{id}`: the form posts; ends in a 302 to `return_url` once the checkout is decided.
    func submitCheckout(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("session_id")
        let values = Dictionary(
            Self.formFields(context.request.body).map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let session = try ledger.read { ledger throws in
            guard let session = ledger[session: id] else { throw APIError.notFound("Session \(id) not found") }
            return session
        }
        let page = HostedPage(session: session, scenarios: configuration.scenarios.map(\.name))
        if let problem = Self.payabilityProblem(session, now: context.now) {
            return Self.html(page.message("This checkout cannot be paid", problem), status: 409)
        }
        var billing: [String: JSONValue] = [:]
        for field in HostedPage.billingFields {
            if let value = values[field.name], !value.isEmpty { billing[field.name] = .string(value) }
        }
        let typeName = values["payment_product_type"]
        let type = typeName.flatMap(KraviaPaymentType.init(rawValue:))
        let scenario = values["scenario"].flatMap { $0.isEmpty ? nil : $0 }
        var validation = Validation()
        let enabledType = Ledger.paymentType(typeName, enabled: session.kravia.enabledTypes, into: &validation)
        if let enabledType {
            let merged = (session.order["billing_address"] ?? .object([:])).merging(.object(billing))
            BillingAddressRules.validate(merged, for: enabledType, at: "billing_address", into: &validation)
        }
        if !validation.isValid {
            return Self.html(page.checkoutForm(values: values, errors: validation.errors), status: 400)
        }
        let needsBankID = type.map { session.kravia.settings($0).requireIdentityVerification } ?? false
        if needsBankID, values["identity"] == nil {
            return Self.html(page.bankIDForm(values: values))
        }
        let attempt = CheckoutAttempt(
            sessionId: id, paymentProductType: typeName, billingAddress: .object(billing),
            identity: values["identity"].flatMap(IdentityOutcome.init(rawValue:)) ?? .approve, scenario: scenario)
        let outcome: CheckoutOutcome
        do {
            outcome = try ledger.transact { ledger throws in try ledger.complete(attempt, context) }
        } catch let error as APIError {
            let fields = error.errors.isEmpty ? [FieldError("checkout", error.message)] : error.errors
            return Self.html(page.checkoutForm(values: values, errors: fields), status: error.status)
        }
        guard let redirect = outcome.redirectURL else {
            let text = outcome.error.map { "The checkout ended with error=\($0)." } ?? "Invoice registered."
            return Self.html(page.message("Done", text))
        }
        return .response(HTTPResponse(status: 302, headers: ["Location": redirect]))
    }

    static func payabilityProblem(_ session: Session, now: Timestamp) -> String? {
        do {
            try Ledger.requirePayable(session, now: now)
            return nil
        } catch {
            return error.message
        }
    }

    static func formFields(_ body: Data) -> [(name: String, value: String)] {
        FormEncoding.parse(String(decoding: body, as: UTF8.self))
    }

    static func html(_ text: String, status: Int = 200) -> EndpointResult {
        .response(
            HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data(text.utf8)))
    }
}
