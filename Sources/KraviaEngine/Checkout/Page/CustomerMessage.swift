/// The customer-facing message for a field the API rejected: the API keeps its technical description
/// ("expected ^\+?\d{5,15}$ …"), the page says what to do ("Enter a phone number of 5 to 15 digits").
enum CustomerMessage {
    /// The text key for an error on `field` (`billing_address.email`, `payment_product_type`), given the
    /// API's description and the country the customer chose.
    static func key(field: String, description: String, country: String) -> String {
        guard let name = fieldName(field) else { return "error.checkout" }
        if name == "payment_product_type" { return "error.payment_product_type" }
        let missing = description == "is required" || description == "must not be empty"
        if missing { return "error.\(name).required" }
        switch name {
        case "organization_number":
            return ["NO", "SE", "FI"].contains(country) ? "error.organization_number.\(country)" : "error.field.invalid"
        case "country", "phone_number", "email":
            return "error.\(name).invalid"
        default:
            return "error.field.invalid"
        }
    }

    /// The form field an error belongs to, or nil for errors about the checkout as a whole.
    static func fieldName(_ field: String) -> String? {
        if field == "payment_product_type" { return field }
        guard field.hasPrefix("billing_address.") else { return nil }
        return String(field.dropFirst("billing_address.".count))
    }
}
