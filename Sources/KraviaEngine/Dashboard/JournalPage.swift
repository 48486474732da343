import SandboxSupport

/// The journal's newest entries, with the journal's own filters, each exchange's bodies pretty-printed one click
/// away; it follows the journal live, and links to the HAR export.
struct JournalPage: DashboardPage {
    static let section = "journal"
    let title = "Journal"
    static let shown = 100
    var entries: [JournalEntry] = []
    var matching = 0
    var problem: String?

    /// The filters offered, as the journal names them.
    static let filterKeys = [
        "direction", "method", "path", "status", "account_id", "session_id", "transaction_id", "merchant_reference",
    ]

    init(sandbox: Sandbox, context: RequestContext, view: DashboardView) {
        let given = view.query.filter { Self.filterKeys.contains($0.name) && !$0.value.isEmpty }
        do {
            let filter = try JournalFilter(query: given)
            let all = sandbox.journal.entries(matching: filter)
            matching = all.count
            entries = all.suffix(Self.shown).reversed()
        } catch {
            problem = error.message
        }
    }

    func html(_ view: DashboardView) -> String {
        let inputs = Self.filterKeys.map { key in
            key == "direction"
                ? DashboardMarkup.select(
                    key, label: "Direction", options: [("", "Both"), ("inbound", "inbound"), ("outbound", "outbound")],
                    selected: view.parameter(key) ?? "")
                : DashboardMarkup.input(key, label: Self.label(key), value: view.parameter(key))
        }.joined()
        let problemHTML = problem.map { "<p class=\"notice bad\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return """
            <form method="get" action="\(DashboardAccess.prefix)/journal" class="filters" data-testid="journal-filters">\(inputs)<button type="submit">Filter</button></form>
            \(problemHTML)
            <p>\(matching) matching entries; the newest \(min(matching, Self.shown)) first. \
            <a href="\(DashboardAccess.prefix)/journal.har" download>Export everything as HAR</a></p>
            \(Self.table(entries, caption: "Journal entries, newest first", testId: "journal-entries", bodies: true))
            """
    }

    /// `merchant_reference` as `Merchant reference`.
    static func label(_ key: String) -> String {
        let words = key.replacingEvery("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Entries as a table; with `bodies`, each row's request and response one click away.
    static func table(_ entries: [JournalEntry], caption: String, testId: String, bodies: Bool = false) -> String {
        let rows = entries.map { entry -> [String] in
            let record = entry.record
            let status = record.status.map(String.init) ?? (record.error ?? "no response")
            var what = "<code>\(HTML.escape(record.method)) \(HTML.escape(record.path))</code>"
            if bodies {
                what = """
                    <details><summary>\(what)</summary><p><code>\(HTML.escape(record.url))</code></p>
                    <h3>Request</h3>\(DashboardMarkup.headers(record.requestHeaders.map { ($0.name, $0.value) }))\
                    \(DashboardMarkup.body(record.requestBody, contentType: record.requestHeaders["Content-Type"]))
                    <h3>Response</h3>\(DashboardMarkup.headers(record.responseHeaders.map { ($0.name, $0.value) }))\
                    \(DashboardMarkup.body(record.responseBody, contentType: record.responseHeaders["Content-Type"]))</details>
                    """
            }
            return [
                String(entry.seq), HTML.escape(record.direction.rawValue), what,
                record.status.map { (200...299).contains($0) } == true
                    ? HTML.escape(status) : "<strong class=\"bad-text\">\(HTML.escape(status))</strong>",
                DashboardMarkup.time(record.sandboxTime),
                record.transactionId.map { DashboardMarkup.link(DashboardMarkup.transactionPath($0), $0) } ?? "—",
            ]
        }
        return DashboardMarkup.table(
            caption: caption, headers: ["Seq", "Direction", "Exchange", "Status", "Sandbox time", "Transaction"],
            rows: rows, testId: testId, empty: "No journal entry.")
    }
}
