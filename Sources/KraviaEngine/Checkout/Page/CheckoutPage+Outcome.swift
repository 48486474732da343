import SandboxSupport

extension CheckoutPage {
    /// The embedded checkout's last panel: the outcome, then (only if no shop acknowledges the event) a link
    /// to the shop, so a customer is never left in an iframe nobody listens to.
    func outcomePanel(_ outcome: EmbeddedOutcome) -> String {
        let href = outcome.payload["href"]?.stringValue ?? ""
        let link =
            href.isEmpty
            ? ""
            : t(
                "a", "result.return",
                attributes:
                    "class=\"button\" href=\"\(HTML.escape(href))\" target=\"_top\" hidden data-testid=\"return-link\"")
        return resultPanel(
            kind: outcome.kind, textKey: outcome.textKey,
            reference: outcome.payload["merchant_reference"]?.stringValue,
            extra: t("p", "result.returning", attributes: "class=\"returning\"") + link)
    }

    /// A result: heading and text for `kind`, the order reference, and whatever follows.
    func resultPanel(kind: String, textKey: String, reference: String?, extra: String = "") -> String {
        let referenceLine =
            reference.map {
                "<p class=\"reference\">\(t("span", "result.reference")): <span data-testid=\"result-reference\">"
                    + "\(HTML.escape($0))</span></p>"
            } ?? ""
        return """
            <div class="panel result result-\(kind)" data-testid="result" data-outcome="\(kind)">
            <span class="result-icon" aria-hidden="true">\(kind == "authorized" || kind == "on_hold" ? "✓" : "!")</span>
            \(t("h1", "result.\(kind).heading", attributes: "tabindex=\"-1\""))
            \(t("p", textKey))
            \(referenceLine)
            \(extra)
            </div>
            """
    }

    /// The session is paid: a friendly page with a link back to the shop's return URL.
    func paidPanel(returnLink: String?) -> String {
        let link =
            returnLink.map {
                t(
                    "a", "result.return",
                    attributes:
                        "class=\"button\" href=\"\(HTML.escape($0))\" target=\"_top\" data-testid=\"return-link\"")
            } ?? ""
        return """
            <div class="panel result result-authorized" data-testid="result" data-outcome="paid">
            <span class="result-icon" aria-hidden="true">✓</span>
            \(t("h1", "paid.heading", attributes: "tabindex=\"-1\""))
            \(t("p", "paid.text"))
            \(link)
            </div>
            """
    }

    /// A cancelled or expired session.
    func closedPanel(cancelled: Bool, returnLink: String?) -> String {
        let link =
            returnLink.map {
                t(
                    "a", "result.return",
                    attributes:
                        "class=\"button\" href=\"\(HTML.escape($0))\" target=\"_top\" data-testid=\"return-link\"")
            } ?? ""
        return """
            <div class="panel result result-cancel" data-testid="result" data-outcome="closed">
            <span class="result-icon" aria-hidden="true">!</span>
            \(t("h1", "closed.heading", attributes: "tabindex=\"-1\""))
            \(t("p", cancelled ? "closed.cancelled" : "closed.expired"))
            \(link)
            </div>
            """
    }

    /// No such session (or one of another account).
    func notFoundPanel() -> String {
        """
        <div class="panel result result-error" data-testid="result" data-outcome="not-found">
        <span class="result-icon" aria-hidden="true">?</span>
        \(t("h1", "notfound.heading", attributes: "tabindex=\"-1\""))
        \(t("p", "notfound.text"))
        </div>
        """
    }
}
