/// An action form: a POST to `/__sandbox/dashboard/actions/{action}` with the CSRF token and the page to come
/// back to, so it works without JavaScript (the answer is a `303` back) and the script can send it in place.
struct DashboardForm {
    /// The action's name, e.g. `refund`.
    var action: String
    /// Hidden fields naming what it acts on.
    var hidden: [(name: String, value: String)] = []
    /// Visible inputs, already built (`DashboardMarkup.input`, `.select`).
    var inputs: String = ""
    /// The button's label.
    var button: String
    /// The `data-testid` of the form.
    var testId: String

    /// The form as HTML for a page whose CSRF token is `csrf` and whose address is `returnPath`.
    func html(csrf: String, returnPath: String) -> String {
        var fields = [("csrf", csrf), ("return", returnPath)] + hidden.map { ($0.name, $0.value) }
        fields.sort { $0.0 < $1.0 }
        let hiddenHTML = fields.map {
            "<input type=\"hidden\" name=\"\(HTML.escape($0.0))\" value=\"\(HTML.escape($0.1))\">"
        }.joined()
        return """
            <form method="post" action="\(DashboardAccess.prefix)/actions/\(HTML.escape(action))" class="action" \
            data-testid="\(HTML.escape(testId))">\(hiddenHTML)\(inputs)<button type="submit">\(HTML.escape(button))</button></form>
            """
    }
}
