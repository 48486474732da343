/// Finds the route for a method and path; tells 404 (no such path) apart from 405 (path known, method not).
public struct Router: Sendable {
    /// The outcome of matching.
    public enum Match: Sendable {
        /// A route and its captured parameters.
        case found(Route, [String: String])
        /// The path exists with other methods.
        case methodNotAllowed([String])
        /// No route has this path.
        case notFound
    }

    private let routes: [Route]

    /// Creates a router over routes, tried in order.
    public init(_ routes: [Route]) {
        self.routes = routes
    }

    /// Matches a method and a raw (percent-encoded) path.
    public func match(method: String, path: String) -> Match {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).percentDecoded ?? String($0)
        }
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.match(segments) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(route, parameters)
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }
}
