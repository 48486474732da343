import Foundation
import SandboxHTTP
/// One endpoint: a method, a path pattern with `{name}` segments, and the engine function that answers it.
public struct Route: Sendable {
    /// What answers a matched request.
    public typealias Handler = @Sendable (Sandbox, RequestContext) throws -> EndpointResult

    /// The method, e.g. `POST`.
    public var method: String
    /// The path pattern split into segments; `{name}` segments capture.
    public let segments: [String]
    /// For each segment, the parameter it captures, or nil for a literal.
    private let captures: [String?]
    /// The engine function.
    public var handler: Handler

    /// Creates a route from a pattern such as `/v1/sessions/{session_id}/cancel`.
    public init(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        self.method = method
        self.segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self.captures = segments.map { $0.hasPrefix("{") ? String($0.dropFirst().dropLast()) : nil }
        self.handler = handler
    }

    /// The captured parameters when `path` (split, percent-decoded) matches this pattern.
    func match(_ path: [PathSegment]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        for index in segments.indices where captures[index] == nil {
            guard path[index].equals(segments[index]) else { return nil }
        }
        var parameters: [String: String] = [:]
        for (index, name) in captures.enumerated() {
            guard let name else { continue }
            guard !path[index].isEmpty else { return nil }
            parameters[name] = path[index].string
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
