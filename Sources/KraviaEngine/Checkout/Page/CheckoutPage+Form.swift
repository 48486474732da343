import SandboxSupport

extension CheckoutPage {
    /// The first step: order, payment types as cards, the billing form for the chosen type, the scenario picker.
    ///
    /// - Parameters:
    ///   - entered: what the customer entered (posted, or kept from an earlier attempt); the prefill fills the rest.
    ///   - errors: the API's field errors for `entered`, shown as customer messages with a summary on top.
    func detailsForm(_ session: Session, entered: [String: String], errors: [FieldError] = []) -> String {
        let prefill = session.order["billing_address"]
        let value = { (name: String) -> String in
            let shown = BillingForm.displayed(name, entered: entered, prefill: prefill)
            // A Norwegian, Swedish or Finnish page preselects its country until the customer chose one.
            guard name == "country", shown.isEmpty, entered[name] == nil else { return shown }
            return text.language.homeCountry ?? ""
        }
        let country = BillingForm.normalized("country", value("country"), country: "")
        let messages = errors.map { error in
            (error, CustomerMessage.key(field: error.field, description: error.description, country: country))
        }
        let fieldErrors = Dictionary(
            messages.compactMap { error, key in CustomerMessage.fieldName(error.field).map { ($0, key) } },
            uniquingKeysWith: { first, _ in first })
        let types = session.kravia.enabledTypes
        let chosen = entered["payment_product_type"] ?? types.first?.rawValue
        let typeCards = types.map { type in
            let checked = type.rawValue == chosen ? " checked" : ""
            let settings = session.kravia.settings(type)
            let badge =
                settings.requireIdentityVerification ? t("span", "type.bankid", attributes: "class=\"badge\"") : ""
            return """
                <label class="type-card" data-testid="payment-type-\(type.rawValue)">\
                <input type="radio" name="payment_product_type" id="type-\(type.rawValue)" value="\(type.rawValue)" \
                data-business="\(type.isBusiness)" required\(checked)\(fieldErrors["payment_product_type"] == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"error-payment_product_type\"")>\
                <span class="type-text"><span class="type-head">\
                \(t("span", typeNameKey(type, session), attributes: "class=\"type-name\""))\(badge)</span>\
                \(t("span", typeDescriptionKey(type, session), ["days": String(settings.daysUntilDue)], attributes: "class=\"type-description\""))\
                </span></label>
                """
        }.joined(separator: "\n")
        let typeError =
            fieldErrors["payment_product_type"].map {
                "<p class=\"field-error\" id=\"error-payment_product_type\">\(t("span", $0))</p>"
            } ?? ""
        let business = BillingForm.fields.filter(\.isBusiness).map {
            fieldMarkup($0, value: value($0.name), errorKey: fieldErrors[$0.name])
        }.joined(separator: "\n")
        let person = BillingForm.fields.filter { !$0.isBusiness }.map {
            fieldMarkup($0, value: value($0.name), errorKey: fieldErrors[$0.name])
        }.joined(separator: "\n")
        let leave =
            session.returnURL == nil
            ? ""
            : "<button type=\"submit\" name=\"action\" value=\"leave\" class=\"link-button\" data-testid=\"leave\">"
                + "\(t("span", "button.leave"))</button>"
        return """
            \(t("h1", "page.title", attributes: "tabindex=\"-1\""))
            <div class="layout">
            \(orderSummary(session))
            <form class="checkout-form" method="post" action="\(HTML.escape(actionPath))" novalidate \
            data-kravia-form="details" data-testid="details-form">
            \(errorSummary(messages))
            <input type="hidden" name="step" value="details">
            <fieldset class="types"><legend>\(t("span", "payment.heading"))</legend>
            \(typeError)\(typeCards)
            </fieldset>
            <fieldset class="business" data-business-fields><legend>\(t("span", "company.heading"))</legend>
            \(business)
            </fieldset>
            <fieldset class="person"><legend>\(t("span", "person.heading"))</legend>
            \(person)
            </fieldset>
            \(scenarioPicker(selected: entered["scenario"] ?? ""))
            <div class="actions">
            <button type="submit" class="primary" data-testid="continue">\(t("span", "button.continue"))</button>
            \(leave)
            </div>
            <p class="status" role="status" data-testid="form-status"></p>
            </form>
            </div>
            """
    }

    /// One labelled input (or the country select) with its hint and error, wired for assistive technology.
    func fieldMarkup(_ field: BillingForm.Field, value: String, errorKey: String?) -> String {
        let id = "f-\(field.name)"
        var described: [String] = []
        var extra = ""
        if field.hasHint {
            described.append("\(id)-hint")
            extra += t("p", "hint.\(field.name)", attributes: "class=\"hint\" id=\"\(id)-hint\"")
        }
        if let errorKey {
            described.insert("\(id)-error", at: 0)
            extra +=
                "<p class=\"field-error\" id=\"\(id)-error\" data-testid=\"error-\(field.name)\">"
                + "\(t("span", "error.prefix", attributes: "class=\"visually-hidden\"")) \(t("span", errorKey))</p>"
        }
        var attributes = "id=\"\(id)\" name=\"\(field.name)\" autocomplete=\"\(field.autocomplete)\""
        if field.isRequired { attributes += " required" }
        if errorKey != nil { attributes += " aria-invalid=\"true\"" }
        if !described.isEmpty { attributes += " aria-describedby=\"\(described.joined(separator: " "))\"" }
        let control: String
        if field.type == "select" {
            let options = ([""] + BillingAddressRules.countries).map { code in
                let selected = code == value ? " selected" : ""
                return t(
                    "option", code.isEmpty ? "country.choose" : "country.\(code)",
                    attributes: "value=\"\(code)\"\(selected)")
            }.joined()
            control = "<select \(attributes)>\(options)</select>"
        } else {
            if let mode = field.inputMode { attributes += " inputmode=\"\(mode)\"" }
            control = "<input type=\"\(field.type)\" \(attributes) value=\"\(HTML.escape(value))\">"
        }
        let label = t("label", "field.\(field.name)", attributes: "for=\"\(id)\"")
        return "<div class=\"field\" data-field=\"\(field.name)\">\(label)\(extra)\(control)</div>"
    }

    /// The list of problems on top of the form, each linking to its field; the script moves focus here.
    func errorSummary(_ messages: [(FieldError, String)]) -> String {
        guard !messages.isEmpty else { return "" }
        var seen = Set<String>()
        let items = messages.compactMap { error, key -> String? in
            guard seen.insert(error.field + key).inserted else { return nil }
            guard let name = CustomerMessage.fieldName(error.field) else { return "<li>\(t("span", key))</li>" }
            let target =
                name == "payment_product_type"
                ? "type-\(session?.kravia.enabledTypes.first?.rawValue ?? "")" : "f-\(name)"
            return "<li>\(t("a", key, attributes: "href=\"#\(target)\""))</li>"
        }.joined()
        return """
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" \
            data-testid="error-summary" autofocus>
            \(t("h2", "errors.heading", attributes: "id=\"error-summary-title\""))
            <ul>\(items)</ul>
            </div>
            """
    }

    /// The sandbox's own control: which scenario this checkout runs (the `scenario` form field).
    func scenarioPicker(selected: String) -> String {
        let options = ([""] + scenarios).map { name in
            let isSelected = name == selected ? " selected" : ""
            return name.isEmpty
                ? t("option", "sandbox.default", attributes: "value=\"\"\(isSelected)")
                : "<option value=\"\(HTML.escape(name))\"\(isSelected)>\(HTML.escape(name))</option>"
        }.joined()
        return """
            <details class="sandbox" data-testid="sandbox-settings"\(selected.isEmpty ? "" : " open")>\
            \(t("summary", "sandbox.heading"))
            <div class="field">\(t("label", "sandbox.scenario", attributes: "for=\"f-scenario\""))\
            <select id="f-scenario" name="scenario">\(options)</select></div>
            </details>
            """
    }
}
