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

    /// The routes in the order given; a route declared earlier wins over a later one matching the same path.
    private let routes: [Route]
    /// The patterns as a tree of segments, `nodes[0]` its root: a path is walked segment by segment, each
    /// literal found among the few that may follow, instead of being compared with every pattern.
    private let nodes: [Node]

    private struct Node: Sendable {
        /// The literal segments that may follow, each with its node. A node has a few dozen at most, and only
        /// those of the segment's length are compared: cheaper than hashing the segment for a dictionary.
        var literals: [(segment: String, node: Int)] = []
        /// Bit `n` set when a literal of `n` bytes follows (bit 63: 63 or more), so that a segment no literal
        /// can equal (an id, mostly) is not compared at all.
        var literalLengths: UInt64 = 0
        /// The node after a `{name}` segment.
        var capture: Int?
        /// The routes whose pattern ends here, as indices into `routes`, in declaration order.
        var routes: [Int] = []

        static func lengthBit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }

        /// The node after the literal `segment`, or nil.
        func literal(_ segment: String) -> Int? {
            let length = segment.utf8.count
            guard literalLengths & Self.lengthBit(length) != 0 else { return nil }
            for index in literals.indices
            where literals[index].segment.utf8.count == length && literals[index].segment == segment {
                return literals[index].node
            }
            return nil
        }
    }

    /// Creates a router over routes, tried in order.
    package init(_ routes: [Route]) {
        self.routes = routes
        var nodes = [Node()]
        for (index, route) in routes.enumerated() {
            var current = 0
            for segment in route.segments {
                let isCapture = segment.hasPrefix("{")
                if let next = isCapture ? nodes[current].capture : nodes[current].literal(segment) {
                    current = next
                    continue
                }
                nodes.append(Node())
                if isCapture {
                    nodes[current].capture = nodes.count - 1
                } else {
                    nodes[current].literals.append((segment, nodes.count - 1))
                    nodes[current].literalLengths |= Node.lengthBit(segment.utf8.count)
                }
                current = nodes.count - 1
            }
            nodes[current].routes.append(index)
        }
        self.nodes = nodes
    }

    /// Matches a method and a raw (percent-encoded) path.
    package func match(method: String, path: String) -> Match {
        let segments = PathSegment.segments(of: path)
        var winner: Int?
        var matched = false
        walk(0, segments, from: 0) { index in
            matched = true
            let routeMethod = routes[index].method
            if routeMethod == method || (method == "HEAD" && routeMethod == "GET"), index < (winner ?? .max) {
                winner = index
            }
        }
        if let winner { return .found(routes[winner], routes[winner].parameters(segments)) }
        guard matched else { return .notFound }
        var patterns: [Int] = []
        walk(0, segments, from: 0) { patterns.append($0) }
        var allowed: [String] = []
        for index in patterns.sorted() where !allowed.contains(routes[index].method) {
            allowed.append(routes[index].method)
        }
        return .methodNotAllowed(allowed)
    }

    /// Calls `found` with every route whose pattern matches `segments[depth...]` below `node`.
    private func walk(_ node: Int, _ segments: [PathSegment], from depth: Int, _ found: (Int) -> Void) {
        guard depth < segments.count else {
            nodes[node].routes.forEach(found)
            return
        }
        if let next = nodes[node].literal(segments[depth].string) { walk(next, segments, from: depth + 1, found) }
        if let next = nodes[node].capture, !segments[depth].isEmpty { walk(next, segments, from: depth + 1, found) }
    }
}

/// One segment of a request path as routing compares it: percent-decoded when it holds an escape (a
/// malformed escape is kept as written).
struct PathSegment {
    /// The segment's text (no allocation for the short literals of patterns).
    let string: String

    private init(decoding raw: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        let text = String(decoding: raw, as: UTF8.self)
        string = escaped ? (text.percentDecoded ?? text) : text
    }

    var isEmpty: Bool { string.isEmpty }

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
