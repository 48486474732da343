import Foundation
/// The hosted checkout's HTML: plain forms, no JavaScript, readable in any browser.
struct HostedPage {
    var session: Session
    var scenarios: [String]

    static let billingFields: [(name: String, label: String)] = [
        ("first_name", "First name"), ("last_name", "Last name"), ("business_name", "Business name"),
        ("organization_number", "Organization number"), ("customer_reference", "Your reference"),
        ("address_line", "Address"), ("postal_code", "Postal code"), ("postal_place", "City"),
        ("country", "Country (NO, SE, FI)"), ("phone_number", "Phone"), ("email", "Email"),
    ]

    /// The first step: order, payment types, billing address, scenario.
    func checkoutForm(values: [String: String], errors: [FieldError] = []) -> String {
        let order = session.order
        let items = (order["items"]?.arrayValue ?? []).map { item in
            "<tr><td>\(HTML.escape(item["description"]?.stringValue ?? item["line_id"]?.stringValue ?? ""))</td>"
                + "<td>\(item["quantity"]?.doubleValue.map { String(format: "%g", $0) } ?? "1")</td>"
                + "<td class=n>\(HTML.money(item["amount"]?.intValue ?? 0, session.currency))</td></tr>"
        }.joined()
        let chosen = values["payment_product_type"] ?? session.kravia.enabledTypes.first?.rawValue
        let types = session.kravia.enabledTypes.map { type in
            let checked = type.rawValue == chosen ? " checked" : ""
            let bankID = session.kravia.settings(type).requireIdentityVerification ? " (BankID)" : ""
            return "<label><input type=radio name=payment_product_type value=\"\(type.rawValue)\"\(checked)> "
                + "\(HTML.escape(type.label))\(bankID) <code>\(type.rawValue)</code></label><br>"
        }.joined()
        let prefill = session.order["billing_address"]
        let fields = Self.billingFields.map { field in
            let value = values[field.name] ?? prefill?[field.name]?.stringValue ?? ""
            let error = errors.first { $0.field == "billing_address.\(field.name)" }
            return "<label>\(field.label)<input name=\(field.name) value=\"\(HTML.escape(value))\"></label>"
                + (error.map { "<span class=err>\(HTML.escape($0.description))</span>" } ?? "")
        }.joined(separator: "\n")
        let scenarioOptions = ([""] + scenarios).map { name in
            let selected = name == (values["scenario"] ?? "") ? " selected" : ""
            return
                "<option value=\"\(HTML.escape(name))\"\(selected)>\(name.isEmpty ? "(default)" : HTML.escape(name))</option>"
        }.joined()
        let errorList = errors.filter { !$0.field.hasPrefix("billing_address.") }.map {
            "<p class=err>\(HTML.escape($0.field)): \(HTML.escape($0.description))</p>"
        }.joined()
        return page(
            title: "Pay \(HTML.money(session.amount, session.currency))",
            body: """
                <h2>Order \(HTML.escape(session.merchantReference))</h2>
                <table><tr><th>Item</th><th>Qty</th><th class=n>Amount</th></tr>\(items)
                <tr><th colspan=2>Total</th><th class=n>\(HTML.money(session.amount, session.currency))</th></tr></table>
                \(errorList)
                <form method=post action="/v1/view/\(HTML.escape(session.id))">
                <input type=hidden name=step value=details>
                <fieldset><legend>Payment</legend>\(types)</fieldset>
                <fieldset><legend>Billing address</legend>\(fields)</fieldset>
                <fieldset><legend>Sandbox scenario</legend><select name=scenario>\(scenarioOptions)</select></fieldset>
                <button type=submit>Continue</button>
                </form>
                """)
    }

    /// The simulated BankID step: approve, reject or cancel, carrying the details forward.
    func bankIDForm(values: [String: String]) -> String {
        let hidden = values.filter { $0.key != "step" && $0.key != "identity" }.sorted { $0.key < $1.key }.map {
            "<input type=hidden name=\"\(HTML.escape($0.key))\" value=\"\(HTML.escape($0.value))\">"
        }.joined()
        let name = [values["first_name"], values["last_name"]].compactMap { $0 }.joined(separator: " ")
        return page(
            title: "BankID",
            body: """
                <h2>Identify yourself with BankID</h2>
                <p>Simulated BankID for \(HTML.escape(name)). Choose what the customer does.</p>
                <form method=post action="/v1/view/\(HTML.escape(session.id))">\(hidden)
                <input type=hidden name=step value=identity>
                <button name=identity value=approve>Approve</button>
                <button name=identity value=reject>Reject</button>
                <button name=identity value=cancel>Cancel</button>
                </form>
                """)
    }

    /// Shown when a session has no `return_url` to go back to, or cannot be paid any more.
    func message(_ title: String, _ text: String) -> String {
        page(title: title, body: "<h2>\(HTML.escape(title))</h2><p>\(HTML.escape(text))</p>")
    }

    private func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang=en><head><meta charset=utf-8><title>\(HTML.escape(title)) · Kravia Sandbox</title>
        <meta name=viewport content="width=device-width, initial-scale=1">
        <style>body{font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em}
        label{display:block;margin:.4em 0}input[name]:not([type=radio]):not([type=hidden]){display:block;width:100%}
        .n{text-align:right}.err{color:#b00020}table{width:100%;border-collapse:collapse}
        td,th{border-bottom:1px solid #ddd;padding:.3em;text-align:left}fieldset{margin:1em 0}</style></head>
        <body><p><small>Kravia Sandbox: a test checkout, no real payment</small></p><h1>\(HTML.escape(title))</h1>
        \(body)</body></html>

        """
    }
}
