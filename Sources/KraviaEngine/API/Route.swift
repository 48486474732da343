import Foundation
import SandboxHTTP
import SandboxSupport

/// One endpoint: a method, a path pattern with `{name}` segments, who may call it, and the engine function
/// that answers it. A class: a match hands the route on with one reference, not a copy of each of its parts.
package final class Route: Sendable {
    /// Who may call a route; checked before its handler runs, so no handler authenticates by hand.
    package enum Auth: Sendable, Equatable {
        /// Anyone (the token endpoint, the hosted page).
        case none
        /// A valid bearer token from the token endpoint; the handler reads its account as `context.accountId`.
        case bearer
        /// No token, or a valid one (invoice files: browsers cannot send tokens, other accounts get a 404).
        case bearerIfPresent
        /// The control API: with `--admin-token`, that token (the admin gate guards every `/__sandbox` path).
        case admin
    }

    /// What answers a matched request.
    package typealias Handler = @Sendable (Sandbox, RequestContext) throws -> EndpointResult

    /// The method, e.g. `POST`.
    package let method: String
    /// The path pattern split into segments; `{name}` segments capture.
    package let segments: [String]
    /// The segments that capture, by position, with the parameter each captures.
    let capturedSegments: [(position: Int, name: String)]
    /// Who may call it.
    package let auth: Auth
    /// The engine function.
    package let handler: Handler

    /// Creates a route from a pattern such as `/v1/sessions/{session_id}/cancel`; routes under `/__sandbox` are
    /// `.admin`, others `.none` unless `auth` says otherwise.
    package init(_ method: String, _ pattern: String, auth: Auth? = nil, _ handler: @escaping Handler) {
        self.method = method
        let isControl = pattern == "/__sandbox" || pattern.hasPrefix("/__sandbox/")
        let declared = auth ?? (isControl ? .admin : .none)
        precondition((declared == .admin) == isControl, "\(pattern): .admin is for the control API, and only it")
        self.auth = declared
        // Split as bytes: a `Character` split of every pattern was a tenth of start-up.
        self.segments = pattern.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
        self.capturedSegments = segments.enumerated().compactMap { position, segment in
            segment.hasPrefix("{") ? (position, String(segment.dropFirst().dropLast())) : nil
        }
        self.handler = handler
    }
}

/// The parameters a route's pattern captured, by name: a pattern has three at most, so they are found by
/// comparing names in order (a dictionary hashed each name twice per request, to store it and to look it up).
/// Most patterns capture one, held inline; only a second one allocates.
package struct PathParameters: Sendable {
    private var first: (name: String, value: String)?
    private var rest: [(name: String, value: String)] = []

    package init() {}

    /// The value captured as `name`, or nil.
    package subscript(name: String) -> String? {
        if let first, first.name == name { return first.value }
        return rest.first { $0.name == name }?.value
    }

    mutating func append(_ name: String, _ value: String) {
        if first == nil {
            first = (name, value)
        } else {
            rest.append((name, value))
        }
    }

    /// Every parameter, e.g. for a test to compare.
    package var dictionary: [String: String] {
        Dictionary(
            ([first].compactMap { $0 } + rest).map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What an endpoint produced: a JSON document with its status, or a finished response (PDF, HTML, redirect).
package enum EndpointResult: Sendable {
    /// JSON with a status.
    case json(JSONValue, status: Int = 200)
    /// JSON already serialised (a cached rendering), answered 200.
    case jsonData(Data)
    /// A response built by the endpoint itself.
    case response(HTTPResponse)
}

extension EndpointResult {
    /// The response the endpoint's result is sent as.
    var response: HTTPResponse {
        switch self {
        case .json(let value, let status): .json(value, status: status)
        case .jsonData(let data): HTTPResponse(status: 200, headers: .json, body: data)
        case .response(let response): response
        }
    }
}

extension HTTPResponse {
    /// A JSON response, serialised compactly with sorted keys.
    static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: .json, body: JSONSerializer.data(value))
    }
}

extension HTTPHeaders {
    /// A JSON answer's `Content-Type`: one list shared by every JSON answer (the `request-id` each gets on its way
    /// out is kept beside the list, `requestId`), so that an answer allocates no list of its own.
    static let json: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8"]
}
