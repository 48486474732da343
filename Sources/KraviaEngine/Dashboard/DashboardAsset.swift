import Foundation
import SandboxHTTP

/// The dashboard's stylesheet and script, served from the sandbox itself (no external assets), cacheable for a
/// short while.
enum DashboardAsset {
    static let styles = response(DashboardStyles.css, type: "text/css; charset=utf-8")
    static let script = response(DashboardScript.source, type: "text/javascript; charset=utf-8")

    private static func response(_ text: String, type: String) -> HTTPResponse {
        HTTPResponse(
            status: 200,
            headers: ["Content-Type": type, "Cache-Control": "max-age=60", "X-Content-Type-Options": "nosniff"],
            body: Data(text.utf8))
    }
}
