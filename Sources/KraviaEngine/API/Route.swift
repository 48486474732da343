import Foundation
import SandboxHTTP
/// One endpoint: a method, a path pattern with `{name}` segments, and the engine function that answers it.
public struct Route: Sendable {
    /// What answers a matched request.
    public typealias Handler = @Sendable (Sandbox, RequestContext) throws -> EndpointResult

    /// The method, e.g. `POST`.
    public var method: String
    /// The path pattern split into segments; `{name}` segments capture.
    public var segments: [String]
    /// The engine function.
    public var handler: Handler

    /// Creates a route from a pattern such as `/v1/sessions/{session_id}/cancel`.
    public init(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        self.method = method
        self.segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self.handler = handler
    }

    /// The captured parameters when `path` (split, percent-decoded) matches this pattern.
    func match(_ path: [String]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (pattern, segment) in zip(segments, path) {
            if pattern.hasPrefix("{") {
                guard !segment.isEmpty else { return nil }
                parameters[String(pattern.dropFirst().dropLast())] = segment
            } else if pattern != segment {
                return nil
            }
        }
        return parameters
    }
}

/// What an endpoint produced: a JSON document with its status, or a finished response (PDF, HTML, redirect).
public enum EndpointResult: Sendable {
    /// JSON with a status.
    case json(JSONValue, status: Int = 200)
    /// JSON already serialised (a cached rendering), answered 200.
    case jsonData(Data)
    /// A response built by the endpoint itself.
    case response(HTTPResponse)
}
