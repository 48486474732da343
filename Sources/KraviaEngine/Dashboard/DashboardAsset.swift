import Foundation
import SandboxHTTP

/// The dashboard's stylesheet and script, served from the sandbox itself (no external assets), cacheable for a
/// short while.
enum DashboardAsset {
    static let styles = response(DashboardStyles.css, type: "text/css; charset=utf-8")
    static let script = response(DashboardScript.source, type: "text/javascript; charset=utf-8")
    /// So a browser does not ask for `/favicon.ico` (a 404 in the journal on every visit).
    static let icon = response(
        ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#172033"/>"##
            + ##"<circle cx="5" cy="8" r="2" fill="#e0a030"/><circle cx="11" cy="8" r="2" fill="#3fb950"/></svg>"##,
        type: "image/svg+xml")

    private static func response(_ text: String, type: String) -> HTTPResponse {
        HTTPResponse(
            status: 200,
            headers: ["Content-Type": type, "Cache-Control": "max-age=60", "X-Content-Type-Options": "nosniff"],
            body: Data(text.utf8))
    }
}
