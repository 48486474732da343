import Testing

@testable import KraviaEngine

/// The checkout's languages: how a code is read, which language a page gets, and that no table lacks a word.
@Suite struct CheckoutTextTests {
    @Test(arguments: [
        ("no", CheckoutLanguage.norwegian), ("nb", .norwegian), ("nb-NO", .norwegian), ("nn", .norwegian),
        ("sv", .swedish), ("sv_SE", .swedish), ("FI", .finnish), ("en", .english), ("de", .english), ("", .english),
    ])
    func codesAreReadAsBrowsersAndTheSDKWriteThem(_ code: String, _ language: CheckoutLanguage) {
        #expect(CheckoutLanguage(code: code) == language)
    }

    @Test func theParameterWinsThenTheBillingCountryThenEnglish() {
        #expect(CheckoutLanguage.resolve(requested: "sv", billingCountry: "NO") == .swedish)
        #expect(CheckoutLanguage.resolve(requested: "xx", billingCountry: "NO") == .english)
        #expect(CheckoutLanguage.resolve(requested: nil, billingCountry: "fi") == .finnish)
        #expect(CheckoutLanguage.resolve(requested: "", billingCountry: "SE") == .swedish)
        #expect(CheckoutLanguage.resolve(requested: nil, billingCountry: "DK") == .english)
        #expect(CheckoutLanguage.resolve(requested: nil, billingCountry: nil) == .english)
    }

    @Test(arguments: CheckoutLanguage.allCases)
    func everyLanguageHasEveryWordAndTheSamePlaceholders(_ language: CheckoutLanguage) throws {
        let table = try #require(CheckoutText.tables[language])
        #expect(Set(table.keys) == Set(CheckoutText.english.keys))
        for (key, english) in CheckoutText.english {
            let translated = table[key] ?? ""
            #expect(placeholders(translated) == placeholders(english), "\(language) \(key)")
            #expect(!translated.isEmpty)
        }
    }

    @Test func placeholdersAreFilled() {
        let text = CheckoutText(language: .english)
        #expect(text("order.reference", ["reference": "order-1"]) == "Order order-1")
        #expect(text("no.such.key") == "no.such.key")
    }

    @Test func customerMessagesExistForEveryAPIProblemOfTheForm() {
        for field in BillingForm.fields where field.isRequired {
            let key = CustomerMessage.key(
                field: "billing_address.\(field.name)", description: "is required", country: "NO")
            #expect(CheckoutText.english[key] != nil, "\(key)")
        }
        for country in ["NO", "SE", "FI"] {
            let key = CustomerMessage.key(
                field: "billing_address.organization_number", description: "x", country: country)
            #expect(CheckoutText.english[key] != nil)
        }
        #expect(CustomerMessage.key(field: "scenario", description: "unknown", country: "") == "error.checkout")
    }

    private func placeholders(_ text: String) -> Set<String> {
        var found = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
