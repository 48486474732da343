import Foundation
import SandboxHTTP
import SandboxSupport

extension Sandbox {
    /// `POST /__sandbox/dashboard/actions/{action}`: checks the CSRF token (and the `Origin`, when the browser
    /// sends one), turns the form into the control API call it stands for, makes that call through the whole
    /// sandbox (so it is journaled and gated like any other), and answers `303` back to the page with a notice.
    func dashboardAction(_ context: RequestContext) -> HTTPResponse {
        let form = DashboardActionForm(context.request)
        let back = DashboardAccess.safeReturn(form["return"])
        guard DashboardCSRF.accepts(context.request, field: form["csrf"]), isSameOrigin(context.request) else {
            let view = DashboardView(context, journalSeq: journal.statistics.lastSeq)
            let main = """
                <p class="notice bad" role="alert" data-testid="csrf-refused">This action was refused: its form did \
                not come from this dashboard (CSRF token missing or stale). \(DashboardMarkup.link(back, "Back to the page")) \
                and try again.</p>
                """
            return DashboardLayout.page(title: "Action refused", section: "", main: main, view: view, status: 403)
        }
        let outcome: (notice: String?, problem: String?)
        switch DashboardActionCall.make(context.parameter("action"), form) {
        case .failure(let problem):
            outcome = (nil, problem.message)
        case .success(let call):
            let answer = controlCall(call, host: context.request.headers["Host"])
            if (200...299).contains(answer.status) {
                outcome = (call.done, nil)
            } else {
                let message = (try? JSONParser.parse(answer.body))?["error"]?["message"]?.stringValue
                outcome = (nil, message ?? "The control API answered \(answer.status)")
            }
        }
        let page = Self.withoutNotices(back)
        let separator = page.contains("?") ? "&" : "?"
        let query =
            outcome.problem.map { "problem=" + FormEncoding.encode($0) } ?? outcome.notice.map {
                "notice=" + FormEncoding.encode($0)
            } ?? ""
        let target = page + (query.isEmpty ? "" : separator + query)
        return HTTPResponse(status: 303, headers: ["Location": target, "Cache-Control": "no-store"])
    }

    /// Makes a control API call as a client would, admin token included.
    private func controlCall(_ call: DashboardActionCall, host: String?) -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "User-Agent": "kravia-sandbox-dashboard"]
        if let host { headers["Host"] = host }
        if let token = configuration.adminToken { headers["Authorization"] = "Bearer " + token }
        let body = call.body.map { JSONSerializer.data($0) } ?? Data()
        return handle(HTTPRequest(method: call.method, target: call.target, headers: headers, body: body))
    }

    /// An `Origin` header, when sent, must name this sandbox (a same-origin form or fetch): its `Host`, or the
    /// configured `--base-url` when a proxy stands in front.
    private func isSameOrigin(_ request: HTTPRequest) -> Bool {
        guard let origin = request.headers["Origin"] else { return true }
        if let configured = configuration.baseURL, origin == configured.trimmingSuffix("/") { return true }
        guard let host = request.headers["Host"] else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }

    /// The page's address without an earlier action's notice, so notices do not pile up.
    private static func withoutNotices(_ path: String) -> String {
        let parts = path.split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return path }
        let kept = parts[1].split(separator: "&").filter { !$0.hasPrefix("notice=") && !$0.hasPrefix("problem=") }
        return kept.isEmpty ? String(parts[0]) : parts[0] + "?" + kept.joined(separator: "&")
    }
}

extension String {
    /// Without one trailing `suffix`, if it ends with one.
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
