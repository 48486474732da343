/// The languages the hosted checkout speaks, under the codes Dintero's Web SDK passes as `language`.
enum CheckoutLanguage: String, CaseIterable, Sendable {
    /// Norwegian (bokmål); `nb` and `nn` are read as it too.
    case norwegian = "no"
    /// Swedish.
    case swedish = "sv"
    /// Finnish.
    case finnish = "fi"
    /// English, also for every code the checkout does not speak.
    case english = "en"

    /// Reads a language code as a browser or the SDK writes it (`nb`, `sv-SE`, `EN`); unknown codes are English.
    init(code: String) {
        let primary = code.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init)
        switch primary {
        case "no", "nb", "nn": self = .norwegian
        case "sv": self = .swedish
        case "fi": self = .finnish
        default: self = .english
        }
    }

    /// The `language` parameter when given, else the language of the billing country, else English.
    static func resolve(requested: String?, billingCountry: String?) -> CheckoutLanguage {
        if let requested, !requested.isEmpty { return CheckoutLanguage(code: requested) }
        switch billingCountry?.uppercased() {
        case "NO": return .norwegian
        case "SE": return .swedish
        case "FI": return .finnish
        default: return .english
        }
    }

    /// The country a customer of this language most likely lives in, preselected when the session names none.
    var homeCountry: String? {
        switch self {
        case .norwegian: "NO"
        case .swedish: "SE"
        case .finnish: "FI"
        case .english: nil
        }
    }
}
