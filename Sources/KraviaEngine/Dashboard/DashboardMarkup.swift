import SandboxHTTP
import Foundation
import SandboxSupport

/// The small pieces every dashboard page is built from; everything that came from a user, a merchant or a
/// callback goes through `HTML.escape` here, so a page never writes raw data.
enum DashboardMarkup {
    /// Escaped text.
    static func text(_ value: String) -> String {
        HTML.escape(value)
    }

    /// A link to a dashboard path (escaped, so a query string stays inside the attribute).
    static func link(_ path: String, _ label: String, testId: String? = nil) -> String {
        let test = testId.map { " data-testid=\"\(HTML.escape($0))\"" } ?? ""
        return "<a href=\"\(HTML.escape(path))\"\(test)>\(HTML.escape(label))</a>"
    }

    /// The dashboard page of a transaction.
    static func transactionPath(_ id: String) -> String {
        DashboardAccess.prefix + "/transactions/" + FormEncoding.encode(id)
    }

    /// A sandbox instant, readable and machine-readable.
    static func time(_ instant: Timestamp) -> String {
        let iso = instant.iso8601
        let shown = iso.replacingEvery("T", with: " ").replacingEvery(".000Z", with: "Z")
        return "<time datetime=\"\(iso)\">\(HTML.escape(shown))</time>"
    }

    /// A calendar day (an invoice's issue or due date), never broken across lines.
    static func date(_ day: CivilDate) -> String {
        "<time class=\"date\" datetime=\"\(day)\">\(day)</time>"
    }

    /// A status as a coloured label; the colour class comes from a fixed list, never from the data.
    static func badge(_ status: String) -> String {
        let tone: String
        switch status.uppercased() {
        case "FAILED", "OVERDUE", "AUTHORIZATION_VOIDED", "WITHDRAWN": tone = "bad"
        case "ON_HOLD", "PENDING", "PARTIALLY_CAPTURED", "PARTIALLY_REFUNDED", "ISSUED": tone = "wait"
        case "SETTLED", "DELIVERED", "PAID", "CAPTURED": tone = "good"
        default: tone = "plain"
        }
        return "<span class=\"badge \(tone)\">\(HTML.escape(status))</span>"
    }

    /// A table with a caption (for screen readers and people alike); `rows` are already-built cells.
    static func table(caption: String, headers: [String], rows: [[String]], testId: String, empty: String) -> String {
        guard !rows.isEmpty else {
            return "<p class=\"empty\" data-testid=\"\(testId)-empty\">\(HTML.escape(empty))</p>"
        }
        var html =
            "<div class=\"scroll\" tabindex=\"0\"><table data-testid=\"\(testId)\"><caption>\(HTML.escape(caption))</caption><thead><tr>"
        for header in headers { html += "<th scope=\"col\">\(HTML.escape(header))</th>" }
        html += "</tr></thead><tbody>"
        let labels = headers.map(HTML.escape)
        for row in rows {
            html += "<tr>" + zip(labels, row).map { "<td data-label=\"\($0)\">\($1)</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    /// The most of one document or body a page shows. A page lists up to a hundred exchanges (a transaction's, one
    /// per event), so each is bounded: unbounded, a megabyte body nested a hundred deep was pretty-printed into a
    /// 134 MB page. The whole is in the journal's API and export.
    static let displayLimit = 64 * 1024

    /// JSON, pretty-printed and escaped, in a `<pre>`; compact (and clipped) when indenting would pass `limit`.
    static func json(_ value: JSONValue, limit: Int = displayLimit) -> String {
        if let pretty = JSONSerializer.prettyData(value, limit: limit) {
            return "<pre>\(HTML.escape(String(decoding: pretty, as: UTF8.self)))</pre>"
        }
        return clipped(JSONSerializer.data(value), limit: limit, note: "shown compact: indented it would be longer")
    }

    /// Up to `limit` bytes of `data` as text (ending before a character the cut would split), after a line saying
    /// what is shown.
    private static func clipped(_ data: Data, limit: Int, note: String) -> String {
        let prefix = data.prefix(limit)
        guard let text = (0...3).lazy.compactMap({ String(validating: prefix.dropLast($0), as: UTF8.self) }).first
        else { return "<pre>(\(data.count) bytes, not text)</pre>" }
        let shown = data.count > limit ? "\(note); the first \(prefix.count) of \(data.count) bytes" : note
        return "<p class=\"empty\">(\(shown))</p><pre>\(HTML.escape(text))</pre>"
    }

    /// A body as the journal keeps it: JSON pretty-printed, form fields one a line, other text as is; past `limit`,
    /// its beginning as text.
    static func body(_ data: Data, contentType: String?, limit: Int = displayLimit) -> String {
        guard !data.isEmpty else { return "<p class=\"empty\">(no body)</p>" }
        if data.count > limit {
            return clipped(data, limit: limit, note: "the whole body is in GET /__sandbox/journal")
        }
        if let parsed = try? JSONParser.parse(data) { return json(parsed, limit: limit) }
        let text = BodyText(data)
        if text.isBase64 { return "<pre>(\(data.count) bytes, not text)</pre>" }
        return "<pre>\(HTML.escape(text.text))</pre>"
    }

    /// Headers one a line, escaped.
    static func headers(_ fields: some Sequence<(name: String, value: String)>) -> String {
        "<pre>" + fields.map { HTML.escape("\($0.name): \($0.value)") }.joined(separator: "\n") + "</pre>"
    }

    /// A labelled `<select>` whose chosen option is `selected`.
    static func select(_ name: String, label: String, options: [(value: String, label: String)], selected: String?)
        -> String
    {
        var html = "<label>\(HTML.escape(label)) <select name=\"\(HTML.escape(name))\">"
        for option in options {
            let chosen = option.value == selected ? " selected" : ""
            html += "<option value=\"\(HTML.escape(option.value))\"\(chosen)>\(HTML.escape(option.label))</option>"
        }
        return html + "</select></label>"
    }

    /// A labelled text input.
    static func input(
        _ name: String, label: String, value: String? = nil, placeholder: String? = nil,
        type: String = "text"
    ) -> String {
        let shown = value.map { " value=\"\(HTML.escape($0))\"" } ?? ""
        let hint = placeholder.map { " placeholder=\"\(HTML.escape($0))\"" } ?? ""
        return
            "<label>\(HTML.escape(label)) <input type=\"\(type)\" name=\"\(HTML.escape(name))\"\(shown)\(hint)></label>"
    }
}
