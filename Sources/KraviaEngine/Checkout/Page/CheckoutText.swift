import SandboxSupport

/// The hosted checkout's words in one language, looked up by key (`field.email`, `error.email.required`).
///
/// Every language has every English key (a test checks); `{name}` placeholders are filled from `vars`. The page
/// also carries all the tables, so `SetLanguage` can switch the words in the browser without a reload.
struct CheckoutText: Sendable {
    /// The language the words are in.
    let language: CheckoutLanguage

    /// Every language's table.
    static let tables: [CheckoutLanguage: [String: String]] = [
        .english: english, .norwegian: norwegian, .swedish: swedish, .finnish: finnish,
    ]

    /// The text for `key` with `{name}` placeholders filled; English when the language lacks it, the key when
    /// no language has it.
    func callAsFunction(_ key: String, _ vars: [String: String] = [:]) -> String {
        let template = Self.tables[language]?[key] ?? Self.english[key] ?? key
        guard !vars.isEmpty, template.contains("{") else { return template }
        var out = template
        for (name, value) in vars { out = out.replacingEvery("{\(name)}", with: value) }
        return out
    }
}
