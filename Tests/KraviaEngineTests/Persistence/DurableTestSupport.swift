import Foundation
import KraviaEngine
import SandboxSupport
import Testing

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "kravia-durable-" + UUID().uuidString
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// The folder's log files, oldest first.
    var logFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".ksl") }.sorted()
            .map(file)
    }
}

/// Answers every callback with 200 at once.
struct AcceptingTransport: CallbackTransport {
    func deliver(_ request: CallbackRequest) -> CallbackResponse { CallbackResponse(status: 200) }
}

extension SandboxConfiguration {
    /// `.testing()` with callbacks accepted in-process, kept in `folder` when given.
    static func durable(_ folder: TemporaryFolder?) -> SandboxConfiguration {
        var configuration = SandboxConfiguration.testing()
        configuration.callbackTransport = AcceptingTransport()
        configuration.dataDirectory = folder?.path
        configuration.storageWarning = { _ in }
        return configuration
    }
}

extension EngineClient {
    /// Every view of what the sandbox holds that does not depend on wall time, as JSON by name.
    func views(accounts: [String] = ["T12345678"]) -> JSONObject {
        var views: JSONObject = [:]
        for path in [
            "/v1/transactions?limit=100", "/v1/sessions?limit=100", "/v1/admin/session/profiles",
            "/v1/admin/signature",
        ] {
            views[path] = send("GET", path).body
        }
        for account in accounts {
            for path in [
                "/v1/accounts/\(account)/settlements", "/v1/accounts/\(account)/hooks/subscriptions",
                "/v1/accounts/\(account)/settlements/reports/configuration",
            ] {
                views[path] = send("GET", path).body
            }
        }
        for path in ["/__sandbox/clock", "/__sandbox/scenarios"] { views[path] = send("GET", path).body }
        for transaction in views["/v1/transactions?limit=100"]?.arrayValue ?? [] {
            if let id = transaction["id"]?.stringValue {
                views["/v1/transactions/" + id] = send("GET", "/v1/transactions/" + id).body
            }
            let number = transaction.invoiceNumber
            if !number.isEmpty {
                views["/__sandbox/invoices/" + number] = send("GET", "/__sandbox/invoices/" + number).body
            }
        }
        return views
    }
}
