import SandboxSupport

/// The hosted checkout of one session as HTML, in one language: each step (`CheckoutPage+Form`,
/// `+BankID`, `+Outcome`) is a `<main>` inside the same frame, so the embedded page can swap one step for the
/// next without navigating.
///
/// Every page works without JavaScript (plain forms, a `302` to `return_url` at the end); `CheckoutScript` adds
/// Dintero's Web SDK protocol when the page runs inside the SDK's iframe.
struct CheckoutPage {
    /// The session shown; nil on the not-found page.
    var session: Session?
    /// The `sid` asked for.
    var sessionId: String
    /// The merchant's name (the account's `merchant_name`).
    var merchantName: String
    /// The words, in the page's language.
    var text: CheckoutText
    /// The SDK's query parameters.
    var options: CheckoutViewOptions
    /// The scenario picker's choices.
    var scenarios: [String] = []

    /// Where the page's forms post.
    var actionPath: String { options.actionPath(sessionId: sessionId) }

    /// A whole page: the frame (banner, merchant, footer), `main` with its state for the script, and the script.
    func document(state: String, titleKey: String, main: String, event: JSONValue? = nil) -> String {
        let stateJSON: JSONValue = .object(dropping: [
            "sid": .string(sessionId), "state": .string(state), "language": .string(text.language.rawValue),
            "session": session?.json, "client_side_validation": .bool(options.validatesOnClient), "event": event,
        ])
        let banner =
            options.hidesTestMessage
            ? "" : "<p class=\"test-banner\" data-testid=\"test-banner\">\(t("span", "test.banner"))</p>"
        let ui = options.ui == "inline" ? "inline" : "fullscreen"
        return """
            <!doctype html>
            <html lang="\(text.language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(t("title", titleKey))
            <style>\(CheckoutStyles.css)</style></head>
            <body class="ui-\(ui)"><div id="kravia-root">
            <header class="top">\(banner)<p class="merchant" data-testid="merchant-name">\(HTML.escape(merchantName))</p></header>
            <main id="kravia-main" data-state="\(state)" data-testid="checkout-\(state)">
            \(HTML.jsonScript(id: "kravia-state", stateJSON))
            \(main)
            </main>
            <footer class="bottom">\(t("p", "footer.text"))</footer>
            </div>
            \(Self.textsScript)
            <script>\(CheckoutScript.source)</script>
            </body></html>

            """
    }

    /// `<tag attributes data-i18n="key">text</tag>`: the script re-renders such elements when the language changes,
    /// so each holds nothing but its text.
    func t(_ tag: String, _ key: String, _ vars: [String: String] = [:], attributes: String = "") -> String {
        var open = "<\(tag)"
        if !attributes.isEmpty { open += " " + attributes }
        open += " data-i18n=\"\(HTML.escape(key))\""
        if !vars.isEmpty {
            let json = JSONSerializer.string(.object(vars.mapValues(JSONValue.string)))
            open += " data-i18n-vars=\"\(HTML.escape(json))\""
        }
        return open + ">" + HTML.escape(text(key, vars)) + "</\(tag)>"
    }

    /// The merchant's name, the `{merchant}` of the texts.
    var merchantVars: [String: String] { ["merchant": merchantName] }

    /// Every language's table as the page's `kravia-texts` script, for the script's live language switch: the
    /// same on every page, so rendered once.
    static let textsScript = HTML.jsonScript(id: "kravia-texts", textsJSON)

    /// Every language's table.
    private static let textsJSON: JSONValue = .object(
        Dictionary(
            uniqueKeysWithValues: CheckoutText.tables.map { language, table in
                (language.rawValue, JSONValue.object(table.mapValues(JSONValue.string)))
            }))
}
