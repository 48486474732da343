import Foundation

/// Finds the route for a method and path; tells 404 (no such path) apart from 405 (path known, method not).
package struct Router: Sendable {
    /// The outcome of matching.
    package enum Match: Sendable {
        /// A route and its captured parameters.
        case found(RouteMatch)
        /// The path exists with other methods.
        case methodNotAllowed([String])
        /// No route has this path.
        case notFound
    }

    /// The routes in the order given; a route declared earlier wins over a later one matching the same path.
    private let routes: [Route]
    /// The patterns as a tree of segments: a path is walked segment by segment, each literal found among the few
    /// that may follow, instead of being compared with every pattern.
    private let tree: RouteTree

    /// Creates a router over routes, tried in order.
    package init(_ routes: [Route]) {
        self.routes = routes
        self.tree = RouteTree(routes.map { ($0.method, $0.segments) })
    }

    /// Matches a method and a raw (percent-encoded) path. The path is walked as bytes: only the segments a
    /// route captures become strings.
    package func match(method: String, path: String) -> Match {
        var path = path
        var method = method
        return path.withUTF8 { path in
            method.withUTF8 { method in
                var search = Search(method: method)
                walk(0, path, from: 0, &search)
                if search.winner < routes.count {
                    let route = routes[search.winner]
                    return .found(RouteMatch(route: route, parameters: route.parameters(path)))
                }
                guard search.matched else { return .notFound }
                var every = Search(method: method, found: [])
                walk(0, path, from: 0, &every)
                var allowed: [String] = []
                for index in (every.found ?? []).sorted() where !allowed.contains(routes[index].method) {
                    allowed.append(routes[index].method)
                }
                return .methodNotAllowed(allowed)
            }
        }
    }

    /// What a walk found so far: the earliest route for the method (HEAD is answered by GET's), whether any
    /// pattern matched the path at all, and, when asked for (to list the methods a path allows), every route that
    /// matched.
    private struct Search {
        let method: UnsafeBufferPointer<UInt8>
        let isHead: Bool
        var winner = Int.max
        var matched = false
        var found: [Int]?

        init(method: UnsafeBufferPointer<UInt8>, found: [Int]? = nil) {
            self.method = method
            // Four bytes compared in place (`elementsEqual` with a string's UTF-8 view took a hundred instructions).
            self.isHead =
                method.count == 4 && method[0] == UInt8(ascii: "H") && method[1] == UInt8(ascii: "E")
                && method[2] == UInt8(ascii: "A") && method[3] == UInt8(ascii: "D")
            self.found = found
        }
    }

    /// Finds the routes whose pattern matches the rest of `path` (from byte `offset`) below `node`, keeping the
    /// earliest for the method in `search` (carried along: a closure called per route found cost more).
    private func walk(_ node: Int, _ path: UnsafeBufferPointer<UInt8>, from offset: Int, _ search: inout Search) {
        guard let segment = PathSegment.next(in: path, from: offset) else {
            let ending = tree.nodes[node]
            for position in Int(ending.routeStart)..<Int(ending.routeStart + ending.routeCount) {
                let index = Int(tree.routes[position])
                search.matched = true
                search.found?.append(index)
                guard index < search.winner else { continue }
                if tree.method(of: index, is: search.method) || (search.isHead && tree.method(of: index, is: "GET")) {
                    search.winner = index
                }
            }
            return
        }
        if let literal = literal(after: node, in: path, segment) {
            walk(literal, path, from: segment.upperBound, &search)
        }
        let capture = Int(tree.nodes[node].capture)
        if capture >= 0 { walk(capture, path, from: segment.upperBound, &search) }
    }

    /// The node the literal `path[segment]` (percent-decoded) leads to from `node`, or nil.
    private func literal(after node: Int, in path: UnsafeBufferPointer<UInt8>, _ segment: Range<Int>) -> Int? {
        let raw = UnsafeBufferPointer(rebasing: path[segment])
        guard PathSegment.isEscaped(raw) else { return tree.literal(after: node, raw) }
        var decoded = PathSegment(decoding: raw, escaped: true).string
        return decoded.withUTF8 { tree.literal(after: node, $0) }
    }
}

/// A route found for a request, with the parameters its pattern captured. A class: a connection's memo keeps the
/// last one and each request's context holds it, and as an enum's payload of a route and parameters it was copied
/// and destroyed on the way (a retain of each string and of the route, then a release of each).
package final class RouteMatch: Sendable {
    package let route: Route
    package let parameters: PathParameters

    init(route: Route, parameters: PathParameters) {
        self.route = route
        self.parameters = parameters
    }

    /// The value captured as `name`, or nil; looked up where the parameters are (read through an optional match,
    /// they were copied first, each string retained and released).
    func parameter(_ name: String) -> String? {
        parameters[name]
    }
}

extension Route {
    /// The parameters this route's pattern captures from a path (its bytes) that matches it, percent-decoded.
    fileprivate func parameters(_ path: UnsafeBufferPointer<UInt8>) -> PathParameters {
        var parameters = PathParameters()
        var offset = 0
        var position = 0
        for capture in capturedSegments {
            // One pass over the path's segments for all the captures, in order.
            while let segment = PathSegment.next(in: path, from: offset) {
                offset = segment.upperBound
                position += 1
                guard position - 1 == capture.position else { continue }
                let raw = UnsafeBufferPointer(rebasing: path[segment])
                parameters.append(
                    capture.name, PathSegment(decoding: raw, escaped: PathSegment.isEscaped(raw)).string)
                break
            }
        }
        return parameters
    }
}

/// One segment of a request path as routing compares it: percent-decoded when it holds an escape (a
/// malformed escape is kept as written).
struct PathSegment {
    /// The segment's text (no allocation for the short literals of patterns).
    let string: String

    fileprivate init(decoding raw: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        let text = String(decoding: raw, as: UTF8.self)
        string = escaped ? (text.percentDecoded ?? text) : text
    }

    /// The byte range of the next non-empty segment of `path` at or after `offset`, or nil at its end.
    fileprivate static func next(in path: UnsafeBufferPointer<UInt8>, from offset: Int) -> Range<Int>? {
        var start = offset
        while start < path.count, path[start] == UInt8(ascii: "/") { start += 1 }
        guard start < path.count, let base = path.baseAddress else { return nil }
        // The segment's end found by memchr: ids are tens of bytes, a byte loop checked each against the bounds.
        let slash = memchr(base + start, Int32(UInt8(ascii: "/")), path.count - start)
        let end = slash.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? path.count
        return start..<end
    }

    /// Whether a segment's bytes hold a percent escape.
    fileprivate static func isEscaped(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = raw.baseAddress else { return false }
        return memchr(base, Int32(UInt8(ascii: "%")), raw.count) != nil
    }

    /// The non-empty segments between the slashes of `path`, found in one pass over its bytes (which also
    /// notes the segments holding an escape).
    static func segments(of path: String) -> [PathSegment] {
        var path = path
        return path.withUTF8 { bytes in
            var segments: [PathSegment] = []
            segments.reserveCapacity(6)
            var start = 0
            var escaped = false
            for index in 0...bytes.count {
                let byte = index == bytes.count ? UInt8(ascii: "/") : bytes[index]
                if byte == UInt8(ascii: "%") { escaped = true }
                guard byte == UInt8(ascii: "/") else { continue }
                if index > start {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    segments.append(PathSegment(decoding: raw, escaped: escaped))
                }
                start = index + 1
                escaped = false
            }
            return segments
        }
    }
}
