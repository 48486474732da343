import Foundation
import SandboxHTTP
import SandboxSupport

extension Sandbox {
    static var hostedPageRoutes: [Route] {
        [
            // The Web SDK's entry for a custom `endpoint`: `{endpoint}/?sid=…&sdk=…&ui=…&language=…`.
            Route("GET", "/") { try $0.showCheckout(sessionId: $1.query("sid") ?? "", $1) },
            Route("GET", "/v1/view/{session_id}") { try $0.showCheckout(sessionId: $1.parameter("session_id"), $1) },
            Route("POST", "/v1/view/{session_id}") { try $0.submitCheckout($1) },
            Route("GET", "/embedResult") { try $0.showEmbedResult($1) },
        ]
    }

    /// `GET /v1/view/{id}` and `GET /?sid={id}`: the hosted checkout page `session.url` points at.
    func showCheckout(sessionId id: String, _ context: RequestContext) throws -> EndpointResult {
        let options = CheckoutViewOptions(context.request)
        let found = ledger.transact { ledger -> (Session, String, Transaction?)? in
            guard let session = ledger[session: id] else { return nil }
            if Self.payabilityProblem(session, now: context.now) == nil { ledger.recordVisit(id, context: context) }
            let transaction = session.transactionId.flatMap { ledger[transaction: $0] }
            return (session, ledger.merchantName(of: session.accountId), transaction)
        }
        guard let (session, merchantName, transaction) = found else {
            let page = checkoutPage(nil, id: id, merchantName: "Kravia Sandbox", options: options)
            return Self.html(
                page.document(state: "not-found", titleKey: "notfound.heading", main: page.notFoundPanel()), status: 404
            )
        }
        let page = checkoutPage(session, id: id, merchantName: merchantName, options: options)
        if let status = Self.closedPage(page, session, transaction: transaction, now: context.now) { return status }
        return Self.html(
            page.document(
                state: "form", titleKey: "page.title",
                main: page.detailsForm(session, entered: session.checkoutDetails ?? [:])))
    }

    /// `POST /v1/view/{id}`: the page's forms. Details, then BankID when the type verifies, then the outcome: a
    /// `302` to `return_url`, or inside the SDK's iframe (`embedded=1`, set by the page's script) the outcome
    /// panel whose event the script posts to the shop.
    func submitCheckout(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("session_id")
        let options = CheckoutViewOptions(context.request)
        let values = Dictionary(
            Self.formFields(context.request.body).map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let found = ledger.read { ledger -> (Session, String, Transaction?)? in
            guard let session = ledger[session: id] else { return nil }
            return (
                session, ledger.merchantName(of: session.accountId),
                session.transactionId.flatMap { ledger[transaction: $0] }
            )
        }
        guard let (session, merchantName, transaction) = found else {
            let page = checkoutPage(nil, id: id, merchantName: "Kravia Sandbox", options: options)
            return Self.html(
                page.document(state: "not-found", titleKey: "notfound.heading", main: page.notFoundPanel()), status: 404
            )
        }
        let page = checkoutPage(session, id: id, merchantName: merchantName, options: options)
        if let status = Self.closedPage(page, session, transaction: transaction, now: context.now) { return status }
        let embedded = values["embedded"] == "1"
        let entered = values.filter { !["step", "identity", "action", "embedded"].contains($0.key) }
        switch values["action"] {
        case "leave":
            let href = Ledger.returnURL(session, transactionId: nil, error: "cancelled") ?? ""
            guard embedded else { return Self.redirect(href) }
            let outcome = EmbeddedOutcome.leaving(merchantReference: session.merchantReference, href: href)
            return Self.html(page.outcomeDocument(outcome))
        case "edit":
            return Self.html(
                page.document(state: "form", titleKey: "page.title", main: page.detailsForm(session, entered: entered)))
        default:
            break
        }
        let typeName = values["payment_product_type"]
        let type = typeName.flatMap(KraviaPaymentType.init(rawValue:))
        let billing = BillingForm.address(posted: values, type: type, prefill: session.order["billing_address"])
        ledger.transact { $0.rememberCheckoutDetails(id, entered) }
        var validation = Validation()
        if let enabled = Ledger.paymentType(typeName, enabled: session.kravia.enabledTypes, into: &validation) {
            BillingAddressRules.validate(billing, for: enabled, at: "billing_address", into: &validation)
        }
        if !validation.isValid {
            let form = page.detailsForm(session, entered: entered, errors: validation.errors)
            return Self.html(page.document(state: "form", titleKey: "page.title", main: form), status: 400)
        }
        guard let type else { throw APIError.internalError("payment type vanished after validation") }
        let identity = values["identity"].flatMap(IdentityOutcome.init(rawValue:))
        if session.kravia.settings(type).requireIdentityVerification, identity == nil {
            let step = page.bankIDStep(session, type: type, entered: entered)
            return Self.html(page.document(state: "bankid", titleKey: "bankid.heading", main: step))
        }
        let attempt = CheckoutAttempt(
            sessionId: id, paymentProductType: typeName, billingAddress: billing, billingAddressIsWhole: true,
            identity: identity ?? .approve, scenario: values["scenario"].flatMap { $0.isEmpty ? nil : $0 })
        let outcome: CheckoutOutcome
        do {
            outcome = try ledger.transact { ledger throws in try ledger.complete(attempt, context) }
        } catch let error as APIError {
            let fields = error.errors.isEmpty ? [FieldError("checkout", "error.checkout")] : error.errors
            let form = page.detailsForm(session, entered: entered, errors: fields)
            return Self.html(page.document(state: "form", titleKey: "page.title", main: form), status: error.status)
        }
        let href = outcome.redirectURL ?? ""
        if embedded {
            let event = EmbeddedOutcome(
                error: outcome.error, status: outcome.transaction?.status, transactionId: outcome.transaction?.id,
                merchantReference: session.merchantReference, href: href)
            return Self.html(page.outcomeDocument(event))
        }
        return Self.redirect(href)
    }

    /// The page for a session that cannot be paid any more (paid, cancelled or expired), else nil.
    static func closedPage(_ page: CheckoutPage, _ session: Session, transaction: Transaction?, now: Timestamp)
        -> EndpointResult?
    {
        guard payabilityProblem(session, now: now) != nil else { return nil }
        if session.isPaid {
            let main = page.paidPanel(returnLink: transaction?.redirectURL)
            return html(page.document(state: "paid", titleKey: "paid.heading", main: main), status: 409)
        }
        let link = Ledger.returnURL(session, transactionId: nil, error: "cancelled")
        let main = page.closedPanel(cancelled: session.isCancelled, returnLink: link)
        return html(page.document(state: "closed", titleKey: "closed.heading", main: main), status: 409)
    }

    /// The page of `session` (nil: not found) in the language its options and billing country give.
    func checkoutPage(_ session: Session?, id: String, merchantName: String, options: CheckoutViewOptions)
        -> CheckoutPage
    {
        let country = session?.order["billing_address"]?["country"]?.stringValue
        let language = CheckoutLanguage.resolve(requested: options.language, billingCountry: country)
        return CheckoutPage(
            session: session, sessionId: id, merchantName: merchantName, text: CheckoutText(language: language),
            options: options, scenarios: configuration.scenarios.map(\.name))
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
            HTTPResponse(
                status: status,
                headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
                body: Data(text.utf8)))
    }

    static func redirect(_ location: String) -> EndpointResult {
        .response(HTTPResponse(status: 302, headers: ["Location": location]))
    }
}

extension Ledger {
    /// The name the checkout shows for an account's merchant.
    func merchantName(of accountId: String) -> String {
        books[accountId]?.account.settings.merchantName ?? "Sandbox Merchant AS"
    }
}
