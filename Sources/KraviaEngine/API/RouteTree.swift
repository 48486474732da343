import Foundation

/// The route patterns as a tree of segments, laid out flat in memory of its own: the router walks it on every
/// request from every worker thread, and walking Swift arrays of arrays retained (wrote the reference count of)
/// each node's arrays on the way, one count shared by all cores. Built once and only read after, which is what
/// `@unchecked Sendable` stands for.
final class RouteTree: @unchecked Sendable {
    /// A node: where its literals and its routes lie in `literals` and `routes`, and the node after a capture.
    struct Node {
        var literalStart: Int32 = 0
        var literalCount: Int32 = 0
        /// Bit `n` set when a literal of `n` bytes follows (bit 63: 63 or more), so that a segment no literal
        /// can equal (an id, mostly) is not compared at all.
        var literalLengths: UInt64 = 0
        /// The node after a `{name}` segment, or -1.
        var capture: Int32 = -1
        var routeStart: Int32 = 0
        var routeCount: Int32 = 0

        static func lengthBit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }
    }

    /// A literal segment that may follow a node: its bytes in `bytes`, and the node it leads to.
    struct Literal {
        let start: Int32
        let count: Int32
        let node: Int32
    }

    /// The nodes, the root first.
    let nodes: UnsafeBufferPointer<Node>
    let literals: UnsafeBufferPointer<Literal>
    /// The routes whose pattern ends at a node (indices into the router's routes, in declaration order).
    let routes: UnsafeBufferPointer<Int32>
    /// Each route's method, as `start, count` in `bytes`.
    let methods: UnsafeBufferPointer<(start: Int32, count: Int32)>
    /// The literals' and methods' bytes.
    let bytes: UnsafeBufferPointer<UInt8>

    /// Builds the tree of `patterns` (each a method and its segments), in order.
    init(_ patterns: [(method: String, segments: [String])]) {
        // Built as arrays first (a node's literals and routes grow while later patterns are added), then flattened.
        var built = [(literals: [(segment: [UInt8], node: Int)], capture: Int?, routes: [Int])]()
        built.append(([], nil, []))
        for (index, pattern) in patterns.enumerated() {
            var current = 0
            for segment in pattern.segments {
                let bytes = Array(segment.utf8)
                let isCapture = segment.hasPrefix("{")
                let existing =
                    isCapture ? built[current].capture : built[current].literals.first { $0.segment == bytes }?.node
                if let existing {
                    current = existing
                    continue
                }
                built.append(([], nil, []))
                if isCapture {
                    built[current].capture = built.count - 1
                } else {
                    built[current].literals.append((bytes, built.count - 1))
                }
                current = built.count - 1
            }
            built[current].routes.append(index)
        }
        var nodes: [Node] = []
        var literals: [Literal] = []
        var routes: [Int32] = []
        var bytes: [UInt8] = []
        for node in built {
            var flat = Node(
                literalStart: Int32(literals.count), literalCount: Int32(node.literals.count),
                capture: Int32(node.capture ?? -1), routeStart: Int32(routes.count),
                routeCount: Int32(node.routes.count))
            for (segment, next) in node.literals {
                literals.append(Literal(start: Int32(bytes.count), count: Int32(segment.count), node: Int32(next)))
                flat.literalLengths |= Node.lengthBit(segment.count)
                bytes += segment
            }
            routes += node.routes.map { Int32($0) }
            nodes.append(flat)
        }
        var methods: [(start: Int32, count: Int32)] = []
        for pattern in patterns {
            methods.append((Int32(bytes.count), Int32(pattern.method.utf8.count)))
            bytes += pattern.method.utf8
        }
        self.nodes = Self.copy(nodes)
        self.literals = Self.copy(literals)
        self.routes = Self.copy(routes)
        self.methods = Self.copy(methods)
        self.bytes = Self.copy(bytes)
    }

    deinit {
        nodes.deallocate()
        literals.deallocate()
        routes.deallocate()
        methods.deallocate()
        bytes.deallocate()
    }

    private static func copy<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
        let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(1, elements.count))
        _ = memory.initialize(from: elements)
        return UnsafeBufferPointer(rebasing: memory[..<elements.count])
    }

    /// The node the literal `segment` (its bytes, percent-decoded) leads to from `node`, or nil.
    func literal(after node: Int, _ segment: UnsafeBufferPointer<UInt8>) -> Int? {
        let node = nodes[node]
        let length = segment.count
        guard node.literalLengths & Node.lengthBit(length) != 0, let base = segment.baseAddress else { return nil }
        for literal in literals[Int(node.literalStart)..<Int(node.literalStart + node.literalCount)]
        where Int(literal.count) == length {
            if memcmp(bytes.baseAddress! + Int(literal.start), base, length) == 0 { return Int(literal.node) }
        }
        return nil
    }

    /// Whether route `index`'s method is `method`.
    func method(of index: Int, is method: StaticString) -> Bool {
        self.method(of: index, is: UnsafeBufferPointer(start: method.utf8Start, count: method.utf8CodeUnitCount))
    }

    /// Whether route `index`'s method is `method` (its bytes).
    func method(of index: Int, is method: UnsafeBufferPointer<UInt8>) -> Bool {
        let (start, count) = methods[index]
        guard Int(count) == method.count, let base = method.baseAddress else { return false }
        return memcmp(bytes.baseAddress! + Int(start), base, method.count) == 0
    }
}
