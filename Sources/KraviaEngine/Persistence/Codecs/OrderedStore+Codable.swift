/// A store is kept as its elements in insertion order; the served-JSON cache and the change notes are not kept.
extension OrderedStore: Codable where Element: Codable {
    private enum CodingKeys: String, CodingKey {
        case ids, elements
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let ids = try container.decode([String].self, forKey: .ids)
        let values = try container.decode([Element].self, forKey: .elements)
        guard ids.count == values.count else {
            throw BinaryDecodingError(description: "a store of \(ids.count) ids and \(values.count) elements")
        }
        self.init(ids: ids, elements: values)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ids, forKey: .ids)
        try container.encode(all, forKey: .elements)
    }
}

/// One element of an `OrderedStore` as written to the log: its id and its value, nil when it was removed.
struct StoredElement<Element: Sendable>: Sendable {
    var id: String
    var element: Element?
}

extension StoredElement: Codable where Element: Codable {}

extension OrderedStore: StoredValue where Element: StoredValue {
    func write(to sink: ByteSink) throws {
        sink.write("ids", strings: ids)
        // `[String]` has its own form (`ByteSink.write(_:strings:)`), as on the `Codable` path.
        if Element.self == String.self {
            sink.write("elements", strings: unsafeBitCast(all, to: [String].self))
        } else if StorePacking<Element>.applies {
            // A packed record unpacks to the very bytes its element writes: no decoding and encoding again.
            sink.writeKey("elements")
            let list = sink.openBlob()
            for box in boxes {
                let start = sink.openBlob()
                if let stored = box.packedStoredBytes {
                    sink.bytes.append(contentsOf: stored)
                } else {
                    try box.element.write(to: sink)
                }
                sink.closeBlob(at: start)
            }
            sink.closeBlob(at: list)
        } else {
            try sink.write("elements", list: all)
        }
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        let ids = try members.strings("ids")
        let values: [Element] =
            Element.self == String.self
            ? unsafeBitCast(try members.strings("elements"), to: [Element].self) : try members.list("elements")
        guard ids.count == values.count else {
            throw BinaryDecodingError(description: "a store of \(ids.count) ids and \(values.count) elements")
        }
        self.init(ids: ids, elements: values)
    }
}

extension StoredElement: StoredValue where Element: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("id", id)
        try sink.write("element", element)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(id: try members.read("id"), element: try members.readIfPresent("element"))
    }
}
