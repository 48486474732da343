extension CheckoutPage {
    /// The simulated BankID step: what is being paid, approve / reject / cancel, and a way back to the details,
    /// carrying the details forward in hidden fields.
    func bankIDStep(_ session: Session, type: KraviaPaymentType, entered: [String: String]) -> String {
        let hidden = entered.filter { !["step", "identity", "action", "embedded"].contains($0.key) }
            .sorted { $0.key < $1.key }
            .map { "<input type=\"hidden\" name=\"\(HTML.escape($0.key))\" value=\"\(HTML.escape($0.value))\">" }
            .joined()
        return """
            \(t("h1", "bankid.heading", attributes: "tabindex=\"-1\""))
            <div class="panel bankid">
            <dl class="facts" data-testid="bankid-summary">
            <div>\(t("dt", "bankid.merchant"))<dd data-testid="bankid-merchant">\(HTML.escape(merchantName))</dd></div>
            <div>\(t("dt", "bankid.amount"))<dd class="amount" data-testid="bankid-amount">\
            \(HTML.money(session.amount, session.currency))</dd></div>
            <div>\(t("dt", "bankid.type"))\(t("dd", typeNameKey(type, session), attributes: "data-testid=\"bankid-type\""))</div>
            </dl>
            \(t("p", "bankid.simulated"))
            <form method="post" action="\(HTML.escape(actionPath))" data-kravia-form="bankid" data-testid="bankid-form">\
            \(hidden)<input type="hidden" name="step" value="identity">
            <div class="actions bankid-actions">
            <button type="submit" name="identity" value="approve" class="primary" data-testid="bankid-approve">\
            \(t("span", "bankid.approve"))</button>
            <button type="submit" name="identity" value="reject" data-testid="bankid-reject">\(t("span", "bankid.reject"))</button>
            <button type="submit" name="identity" value="cancel" data-testid="bankid-cancel">\(t("span", "bankid.cancel"))</button>
            </div>
            <button type="submit" name="action" value="edit" class="link-button" data-testid="bankid-edit">\
            \(t("span", "bankid.edit"))</button>
            <p class="status" role="status" data-testid="form-status"></p>
            </form>
            </div>
            """
    }
}
