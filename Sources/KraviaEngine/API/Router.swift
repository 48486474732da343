/// Finds the route for a method and path; tells 404 (no such path) apart from 405 (path known, method not).
package struct Router: Sendable {
    /// The outcome of matching.
    package enum Match: Sendable {
        /// A route and its captured parameters.
        case found(Route, [String: String])
        /// The path exists with other methods.
        case methodNotAllowed([String])
        /// No route has this path.
        case notFound
    }

    /// The routes by their number of segments, each list in the order given: a path is only tried against
    /// patterns of its own length.
    private let routesByLength: [Int: [Route]]

    /// Creates a router over routes, tried in order.
    package init(_ routes: [Route]) {
        routesByLength = Dictionary(grouping: routes, by: \.segments.count)
    }

    /// Matches a method and a raw (percent-encoded) path.
    package func match(method: String, path: String) -> Match {
        let raw = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        guard let candidates = routesByLength[raw.count] else { return .notFound }
        let segments = raw.map(PathSegment.init)
        var allowed: [String] = []
        for route in candidates {
            guard let parameters = route.match(segments) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(route, parameters)
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }
}

/// One segment of a request path as routing compares it: the raw bytes, percent-decoded when they hold an
/// escape (a malformed escape is kept as written).
struct PathSegment {
    let bytes: Substring.UTF8View

    init(_ raw: Substring.UTF8View) {
        if raw.contains(UInt8(ascii: "%")), let decoded = String(Substring(raw)).percentDecoded {
            bytes = Substring(decoded).utf8
        } else {
            bytes = raw
        }
    }

    var isEmpty: Bool { bytes.isEmpty }
    var string: String { String(Substring(bytes)) }

    func equals(_ literal: String) -> Bool {
        bytes.elementsEqual(literal.utf8)
    }
}
