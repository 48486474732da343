import Foundation
import SandboxSupport
/// Kravia's billing-address requirements per payment type (seeds: "Billing Address Requirements").
enum BillingAddressRules {
    static let consumerFields = [
        "first_name", "last_name", "address_line", "postal_code", "country", "phone_number", "email",
    ]
    static let businessFields = ["business_name", "organization_number"]
    static let countries = ["NO", "SE", "FI"]

    /// Validates `address` for `type`, naming each missing or malformed field under `path`.
    static func validate(
        _ address: JSONValue?, for type: KraviaPaymentType, at path: String, into validation: inout Validation
    ) {
        guard let address = validation.object([path: address ?? .null], path, at: "") else { return }
        let required = type.isBusiness ? consumerFields + businessFields : consumerFields
        for field in required { _ = validation.string(address, field, at: path) }
        for field in ["address_line_2", "postal_place", "customer_reference", "co_address"] {
            _ = validation.string(address, field, at: path, required: false)
        }
        let country = address["country"]?.stringValue
        if let country, !country.isEmpty, !countries.contains(country) {
            validation.fail(
                path + ".country", "Kravia invoices NO, SE and FI customers (ISO 3166 alpha-2), got \"\(country)\"")
        }
        if let phone = address["phone_number"]?.stringValue, !phone.isEmpty, !isPhoneNumber(phone) {
            validation.fail(path + ".phone_number", "expected ^\\+?\\d{5,15}$, e.g. +4799999999, got \"\(phone)\"")
        }
        if let email = address["email"]?.stringValue, !email.isEmpty, !isEmail(email) {
            validation.fail(path + ".email", "expected an email address, got \"\(email)\"")
        }
        if type.isBusiness, let number = address["organization_number"]?.stringValue, !number.isEmpty,
            let country, let problem = organizationNumberProblem(number, country: country)
        {
            validation.fail(path + ".organization_number", problem)
        }
    }

    static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        return (5...15).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit)
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !text.contains(" ")
    }

    /// Norway: 9 digits; Sweden: 10 or 12 digits (a hyphen after the date part is tolerated); Finland: `1234567-8`.
    static func organizationNumberProblem(_ number: String, country: String) -> String? {
        switch country {
        case "NO":
            let digits = number.replacingEvery(" ", with: "")
            return digits.count == 9 && digits.allSatisfy(\.isASCIIDigit)
                ? nil : "a Norwegian organization number has 9 digits, got \"\(number)\""
        case "SE":
            let digits = number.replacingEvery("-", with: "")
            return (digits.count == 10 || digits.count == 12) && digits.allSatisfy(\.isASCIIDigit)
                ? nil : "a Swedish organization number has 10 or 12 digits, got \"\(number)\""
        case "FI":
            let parts = number.split(separator: "-", omittingEmptySubsequences: false)
            let valid =
                parts.count == 2 && parts[0].count == 7 && parts[1].count == 1
                && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
            return valid ? nil : "a Finnish business ID looks like 1234567-8, got \"\(number)\""
        default:
            return nil
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
