import Foundation
import FoundationNetworking
import KraviaEngine
import SandboxHTTP
import SandboxSupport

/// A sandbox served over real sockets on port 0, and a URLSession client for it. Always `stop()` it.
final class LiveSandbox: Sendable {
    let sandbox: Sandbox
    let server: HTTPServer
    let baseURL: String
    let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)

    init(configuration: SandboxConfiguration = .testing()) throws {
        sandbox = Sandbox(configuration: configuration)
        server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), handler: sandbox)
        try server.start()
        baseURL = "http://127.0.0.1:\(server.port)"
    }

    func stop() {
        session.invalidateAndCancel()
        server.stop()
        server.waitUntilStopped()
    }

    /// Sends a request with URLSession; returns status, headers and body.
    func send(
        _ method: String, _ path: String, json: JSONValue? = nil, token: String? = nil, headers: [String: String] = [:],
        body: Data? = nil
    ) async throws -> (status: Int, headers: HTTPHeaders, body: JSONValue, data: Data) {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        if let json {
            request.httpBody = JSONSerializer.data(json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers = HTTPHeaders()
        for case (let name as String, let value as String) in http.allHeaderFields { headers.add(name, value) }
        return (http.statusCode, headers, (try? JSONParser.parse(data)) ?? .null, data)
    }

    /// A token for the standard account.
    func token() async throws -> String {
        let basic = Data("sandbox:sandbox-secret".utf8).base64EncodedString()
        let result = try await send(
            "POST", "/v1/accounts/T12345678/auth/token",
            json: ["grant_type": "client_credentials", "audience": .string(baseURL + "/v1/accounts/T12345678")],
            headers: ["Authorization": "Basic " + basic])
        return result.body["access_token"]?.stringValue ?? ""
    }
}

/// Keeps 302s visible to the test instead of following them.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
