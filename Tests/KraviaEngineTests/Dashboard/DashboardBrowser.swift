import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// A browser's view of the dashboard, in-process: it keeps the cookies the pages set and sends them back, and
/// posts action forms with the CSRF token, as a page's form would.
final class DashboardBrowser {
    let sandbox: Sandbox
    private(set) var cookies: [String: String] = [:]

    init(_ sandbox: Sandbox) {
        self.sandbox = sandbox
    }

    /// The page at `path` (a dashboard path); keeps its cookies.
    @discardableResult
    func open(_ path: String) -> (status: Int, html: String, response: HTTPResponse) {
        let response = send("GET", path)
        return (response.status, String(decoding: response.body, as: UTF8.self), response)
    }

    /// Posts a form to `path` with the browser's CSRF token (unless `csrf` says otherwise).
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil, headers: HTTPHeaders = [:])
        -> HTTPResponse
    {
        if cookies[DashboardCSRF.cookie] == nil { open(DashboardAccess.prefix) }
        let token = csrf ?? cookies[DashboardCSRF.cookie] ?? ""
        let body = FormEncoding.serialize(fields.map { ($0.0, $0.1) } + [("csrf", token)])
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return send("POST", path, body: Data(body.utf8), headers: all)
    }

    /// Posts dashboard action `name`, coming back to `back`.
    func act(_ name: String, _ fields: [(String, String)], back: String = DashboardAccess.prefix) -> HTTPResponse {
        post(DashboardAccess.prefix + "/actions/" + name, fields + [("return", back)])
    }

    func send(_ method: String, _ path: String, body: Data = Data(), headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all["Host"] = "sandbox.test"
        if !cookies.isEmpty {
            all["Cookie"] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = sandbox.handle(HTTPRequest(method: method, target: path, headers: all, body: body))
        for value in response.headers.values(for: "Set-Cookie") {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
        }
        return response
    }

    /// Forgets a cookie, as a browser whose cookie expired.
    func forget(_ name: String) {
        cookies[name] = nil
    }
}

extension HTTPResponse {
    /// The `Location` of a redirect, decoded notice included.
    var location: String { headers["Location"] ?? "" }

    /// The notice or problem a dashboard action's redirect carries.
    var notice: (notice: String?, problem: String?) {
        let query = location.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let items = FormEncoding.parse(query)
        return (items.first { $0.name == "notice" }?.value, items.first { $0.name == "problem" }?.value)
    }
}
