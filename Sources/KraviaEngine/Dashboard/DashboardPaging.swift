import SandboxHTTP

/// Previous / next links for a list a page at a time, keeping the list's filters.
enum DashboardPaging {
    /// The `page` asked for, from 1, and small enough that its first row's offset is a number (a huge `page`
    /// overflowed that product and ended the process).
    static func requestedPage(_ view: DashboardView, pageSize: Int) -> Int {
        min(max(1, Int(view.parameter("page") ?? "1") ?? 1), Int.max / pageSize)
    }

    static func links(_ view: DashboardView, page: Int, total: Int, pageSize: Int) -> String {
        let pages = max(1, (total + pageSize - 1) / pageSize)
        guard pages > 1 else { return "" }
        let path = String(view.returnPath.prefix { $0 != "?" })
        func target(_ number: Int) -> String {
            let kept = view.query.filter { !["page", "notice", "problem"].contains($0.name) }
            return path + "?" + FormEncoding.serialize(kept + [("page", String(number))])
        }
        var html = "<nav class=\"paging\" aria-label=\"Pages\"><p>Page \(min(page, pages)) of \(pages)</p>"
        if page > 1 { html += DashboardMarkup.link(target(page - 1), "Newer", testId: "page-newer") }
        if page < pages { html += DashboardMarkup.link(target(page + 1), "Older", testId: "page-older") }
        return html + "</nav>"
    }
}
