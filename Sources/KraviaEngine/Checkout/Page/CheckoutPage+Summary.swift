import SandboxSupport

extension CheckoutPage {
    /// The order: its lines, shipping, total and VAT, under the merchant's reference.
    func orderSummary(_ session: Session) -> String {
        let currency = session.currency
        let lines = (session.order["items"]?.arrayValue ?? []).map { item in
            let description = item["description"]?.stringValue ?? item["line_id"]?.stringValue ?? ""
            let quantity = item["quantity"]?.doubleValue.map { String(format: "%g", $0) } ?? "1"
            let amount = HTML.money(item["amount"]?.intValue ?? 0, currency)
            return """
                <li class="line"><span class="line-text"><span class="line-quantity">\(HTML.escape(quantity))\u{00A0}×</span> \
                \(HTML.escape(description))</span><span class="amount">\(amount)</span></li>
                """
        }.joined(separator: "\n")
        var extra = ""
        if let shipping = session.order["shipping_option"], let amount = shipping["amount"]?.intValue {
            extra +=
                "<li class=\"line\">\(t("span", "order.shipping", attributes: "class=\"line-text\""))"
                + "<span class=\"amount\">\(HTML.money(amount, currency))</span></li>"
        }
        let vat = session.order["vat_amount"]?.intValue
        let vatLine =
            vat.map {
                "<p class=\"vat\">\(t("span", "order.vat")) <span class=\"amount\">\(HTML.money($0, currency))</span></p>"
            } ?? ""
        return """
            <section class="summary" aria-labelledby="summary-heading" data-testid="order-summary">
            \(t("h2", "order.heading", attributes: "id=\"summary-heading\""))
            \(t("p", "order.reference", ["reference": session.merchantReference], attributes: "class=\"reference\""))
            <ul class="lines">\(lines)\(extra)</ul>
            <p class="total">\(t("span", "order.total")) <span class="amount" data-testid="order-total">\
            \(HTML.money(session.amount, currency))</span></p>
            \(vatLine)
            </section>
            """
    }

    /// The customer-facing name key of a payment type, with the grouped type's billing cycle in it.
    func typeNameKey(_ type: KraviaPaymentType, _ session: Session) -> String {
        type == .invoiceB2BGrouped
            ? "type.\(type.rawValue).\(session.kravia.settings(type).interval.rawValue).name"
            : "type.\(type.rawValue).name"
    }

    /// The description key of a payment type (due days, and the grouped type's cycle).
    func typeDescriptionKey(_ type: KraviaPaymentType, _ session: Session) -> String {
        type == .invoiceB2BGrouped
            ? "type.\(type.rawValue).\(session.kravia.settings(type).interval.rawValue).description"
            : "type.\(type.rawValue).description"
    }
}
