import KraviaEngine
import Foundation
import SandboxHTTP
import SandboxSupport

/// Sends the library's requests to the sandbox over HTTP with the transport's own blocking client, so the
/// library needs no FoundationNetworking.
struct ControlConnection: Sendable {
    /// An answer: status and body parsed as JSON (null when it is not JSON).
    struct Answer {
        var status: Int
        var body: JSONValue
        var data: Data
    }

    let baseURL: String
    let adminToken: String?

    /// Sends a request; `timeoutMilliseconds` bounds the whole exchange (an await adds its own wait to it).
    func send(
        _ method: String, _ path: String, json: JSONValue? = nil, headers: HTTPHeaders = [:],
        timeoutMilliseconds: Int = 30_000
    ) throws(SandboxServerError) -> Answer {
        var headers = headers
        var body = Data()
        if let json {
            body = JSONSerializer.data(json)
            headers["Content-Type"] = "application/json"
        }
        if path.hasPrefix("/__sandbox"), let adminToken, headers["Authorization"] == nil {
            headers["Authorization"] = "Bearer " + adminToken
        }
        let client = HTTPClient(
            configuration: HTTPClientConfiguration(
                connectTimeoutMilliseconds: 5_000, readTimeoutMilliseconds: timeoutMilliseconds,
                maxBodySize: 1 << 30, userAgent: "KraviaSandboxTesting"))
        do {
            let response = try client.send(
                OutboundRequest(method: method, url: baseURL + path, headers: headers, body: body))
            return Answer(
                status: response.status, body: (try? JSONParser.parse(response.body)) ?? .null, data: response.body)
        } catch {
            throw .transport("\(method) \(path): \(error)")
        }
    }

    /// Sends a request and insists on `expected` status.
    func expect(
        _ expected: Int, _ method: String, _ path: String, json: JSONValue? = nil, headers: HTTPHeaders = [:]
    ) throws(SandboxServerError) -> JSONValue {
        let answer = try send(method, path, json: json, headers: headers)
        guard answer.status == expected else {
            throw .unexpectedStatus(method: method, path: path, status: answer.status, body: answer.body)
        }
        return answer.body
    }
}
