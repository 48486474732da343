import SandboxHTTP
import SandboxSupport

/// What every page of one dashboard request renders with: the CSRF token for its forms, sandbox time, its own
/// address (where actions come back to) and the journal position live updates continue from.
struct DashboardView {
    /// The CSRF token of this browser.
    var csrf: String
    /// Whether the token is new and its cookie must be set.
    var setsCSRFCookie: Bool
    /// Sandbox time.
    var now: Timestamp
    /// The page's path and query, e.g. `/__sandbox/dashboard/transactions?status=FAILED`.
    var returnPath: String
    /// The last journal sequence number when the page was built.
    var journalSeq: Int
    /// The query of the request.
    var query: [(name: String, value: String)]

    init(_ context: RequestContext, journalSeq: Int) {
        (csrf, setsCSRFCookie) = DashboardCSRF.token(for: context.request)
        now = context.now
        returnPath = DashboardAccess.safeReturn(context.request.target)
        self.journalSeq = journalSeq
        query = context.request.queryItems
    }

    /// A query parameter, nil when absent or empty (an empty filter field means no filter).
    func parameter(_ name: String) -> String? {
        guard let value = query.first(where: { $0.name == name })?.value, !value.isEmpty else { return nil }
        return value
    }

    /// The form, carrying this page's CSRF token and address.
    func form(_ form: DashboardForm) -> String {
        form.html(csrf: csrf, returnPath: returnPath)
    }
}
