import SandboxSupport

/// The billing-address form of the hosted page: which inputs it has, how each reads what a customer types, and
/// how the posted values become the address the checkout is completed with.
enum BillingForm {
    /// One input of the form.
    struct Field: Sendable {
        /// The form and billing-address name, e.g. `organization_number`.
        var name: String
        /// `text`, `email` or `tel`; `select` for the country.
        var type = "text"
        /// The `autocomplete` token browsers fill it from.
        var autocomplete: String
        /// The `inputmode` that picks a phone's keyboard, when the type does not.
        var inputMode: String?
        /// Only shown (and only sent) for business payment types.
        var isBusiness = false
        /// Required for the types it is shown for.
        var isRequired = true
        /// A hint shown under the label.
        var hasHint = false
    }

    /// The business fields, then the person's, in the order the page shows them.
    static let fields: [Field] = [
        Field(name: "business_name", autocomplete: "organization", isBusiness: true),
        Field(
            name: "organization_number", autocomplete: "off", inputMode: "numeric", isBusiness: true, hasHint: true),
        Field(name: "customer_reference", autocomplete: "off", isBusiness: true, isRequired: false),
        Field(name: "first_name", autocomplete: "given-name"),
        Field(name: "last_name", autocomplete: "family-name"),
        Field(name: "address_line", autocomplete: "address-line1"),
        Field(name: "postal_code", autocomplete: "postal-code", inputMode: "numeric"),
        Field(name: "postal_place", autocomplete: "address-level2", isRequired: false),
        Field(name: "country", type: "select", autocomplete: "country"),
        Field(name: "phone_number", type: "tel", autocomplete: "tel", inputMode: "tel", hasHint: true),
        Field(name: "email", type: "email", autocomplete: "email", inputMode: "email", hasHint: true),
    ]

    /// The address the checkout completes with: the prefill's members the form does not show, then every shown
    /// field as posted, read as customers type it. A field the customer emptied is left out, so a required one
    /// fails validation and an optional one is gone, instead of the prefill coming back.
    static func address(posted values: [String: String], type: KraviaPaymentType?, prefill: JSONValue?) -> JSONValue {
        let formNames = Set(fields.map(\.name))
        var address = (prefill?.objectValue ?? [:]).filter { !formNames.contains($0.key) }
        let country = normalized("country", values["country"] ?? "", country: "")
        for field in fields where !field.isBusiness || type?.isBusiness != false {
            let value = normalized(field.name, values[field.name] ?? "", country: country)
            if !value.isEmpty { address[field.name] = .string(value) }
        }
        return .object(address)
    }

    /// A posted value as the API expects it: trimmed; spaces, dots and dashes gone from phone numbers; spaces
    /// gone from organization numbers (and a Finnish one's hyphen put in); the country upper-cased.
    static func normalized(_ name: String, _ value: String, country: String) -> String {
        let trimmed = value.trimmingWhitespace()
        switch name {
        case "country":
            return trimmed.uppercased()
        case "phone_number":
            return String(trimmed.filter { !" -.()\u{00A0}".contains($0) })
        case "organization_number":
            let compact = String(trimmed.filter { $0 != " " && $0 != "\u{00A0}" })
            if country == "FI", compact.count == 8, compact.allSatisfy(\.isASCIIDigit) {
                return String(compact.prefix(7)) + "-" + String(compact.suffix(1))
            }
            return compact
        default:
            return trimmed
        }
    }

    /// What the form shows for `name`: what the customer entered last (even when empty), else the prefill.
    static func displayed(_ name: String, entered: [String: String], prefill: JSONValue?) -> String {
        if let value = entered[name] { return value }
        let value = prefill?[name]?.stringValue ?? ""
        return name == "country" ? value.uppercased() : value
    }
}
