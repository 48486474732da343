import Foundation
import SandboxSupport
import Synchronization

/// Objects kept in insertion order with lookup by id: what list endpoints page through.
struct OrderedStore<Element: Sendable>: Sendable {
    private(set) var ids: [String] = []
    /// Each element boxed: a hash table's free buckets then cost a pointer each, not a whole element (a session
    /// or a transaction is several hundred bytes inline, and a table is up to half free buckets). Records of a
    /// `PackedStoreElement` kind are packed once `StorePacking.unpackedLimit` later writes have passed. Sharded, so
    /// that no write under the ledger's lock rehashes a whole store of 200,000 ids at once.
    private var elements = ShardedDictionary<Box>()
    private var packing = StorePacking<Element>()
    /// Each element's JSON as last served, dropped whenever the element is written, so reads of an unchanged
    /// object (merchants poll transactions) cost a dictionary lookup instead of a serialisation. At most
    /// `cachedJSONLimit` of them: a full cache starts again empty, so what is polled now is cached again at its
    /// next read, and a sandbox holding many objects read once does not hold their JSON too (2 KB a transaction).
    private var serialized: [String: Data] = [:]
    static var cachedJSONLimit: Int { 4096 }
    /// The ids written since the last `takeChanges()`, in order, while a durable sandbox records changes; nil
    /// (the in-memory sandbox) records nothing.
    private var changedIds: [String]?

    init() {}

    /// The store of `elements` in the order of `ids` (one element per id).
    init(ids: [String], elements: [Element]) {
        self.ids = ids
        var boxes = ShardedDictionary<Box>(minimumCapacity: ids.count)
        for index in ids.indices { boxes[ids[index]] = Box(elements[index]) }
        self.elements = boxes
    }

    /// Each element's box, in the order of `ids` (a snapshot writes a packed record's bytes without decoding it).
    var boxes: [Box] { ids.map { elements[$0]! } }

    subscript(id: String) -> Element? {
        get { elements[id]?.element }
        set {
            let box = write(id, newValue)
            if let box, StorePacking<Element>.applies, let oldest = packing.noteWritten(id, box),
                elements[oldest.id] === oldest.box
            {
                RecordPacker.shared.submit(oldest.box as! any PackableBox)
            }
        }
    }

    /// Puts `element` (nil: none) in place under `id`; returns its box.
    private mutating func write(_ id: String, _ element: Element?) -> Box? {
        let box = element.map(Box.init)
        let replaced = elements.updateValue(box, forKey: id)
        if replaced == nil, box != nil { ids.append(id) }
        if box == nil, replaced != nil { ids.removeAll { $0 == id } }
        serialized[id] = nil
        changedIds?.append(id)
        return box
    }

    /// Starts noting written ids for `takeChanges()`.
    mutating func startRecordingChanges() {
        if changedIds == nil { changedIds = [] }
    }

    /// Whether anything was written since the last `takeChanges()`.
    var hasChanges: Bool { !(changedIds?.isEmpty ?? true) }

    /// Each id written since the last call, once, in the order first written, with its element now (nil: removed).
    mutating func takeChanges() -> [StoredElement<Element>] {
        guard let changed = changedIds, !changed.isEmpty else { return [] }
        changedIds = []
        var seen = Set<String>()
        return changed.compactMap { id in
            seen.insert(id).inserted ? StoredElement(id: id, element: elements[id]?.element) : nil
        }
    }

    /// Applies changes read back from the log, as `takeChanges()` gave them. Nothing is packed: a start-up
    /// replays a whole log, and packing each record again would take longer than the replay (records read back
    /// stay as they are until written again, as those of a snapshot do).
    mutating func apply(_ changes: [StoredElement<Element>]) {
        for change in changes { _ = write(change.id, change.element) }
    }

    /// The element's JSON bytes as last rendered by `serializedJSON`, nil when it changed since (or never was).
    func cachedJSON(_ id: String) -> Data? { serialized[id] }

    /// The element's JSON bytes, rendered by `render` only when the element changed since the last call.
    mutating func serializedJSON(_ id: String, render: (Element) -> JSONValue) -> Data? {
        if let cached = serialized[id] { return cached }
        guard let element = elements[id]?.element else { return nil }
        let data = JSONSerializer.data(render(element))
        if serialized.count >= Self.cachedJSONLimit { serialized.removeAll(keepingCapacity: true) }
        serialized[id] = data
        return data
    }

    var count: Int { elements.count }

    /// How many elements are held packed (`StorePacking`).
    var packedCount: Int { elements.values.reduce(0) { $0 + ($1.unpacked == nil ? 1 : 0) } }

    /// Every element, oldest first.
    var all: [Element] { ids.compactMap { elements[$0]?.element } }

    /// Every element in no particular order: no lookup by id, no array of copies.
    var unordered: some Sequence<Element> { elements.values.lazy.map(\.element) }

    /// Newest first, as Dintero lists: the elements after `startingAfter` that pass `filter`, at most `limit`.
    func page(limit: Int, startingAfter: String?, where filter: (Element) -> Bool) -> [Element] {
        var result: [Element] = []
        var started = startingAfter == nil
        for id in ids.reversed() {
            if !started {
                started = id == startingAfter
                continue
            }
            guard let element = elements[id]?.element, filter(element) else { continue }
            result.append(element)
            if result.count == limit { break }
        }
        return result
    }

    mutating func removeAll(where shouldRemove: (Element) -> Bool) {
        for id in ids where shouldRemove(elements[id]!.element) {
            elements[id] = nil
            serialized[id] = nil
            changedIds?.append(id)
        }
        ids.removeAll { elements[$0] == nil }
    }

    /// One element, held by reference, as it is or packed; a write puts a new box in place, so copies of the store
    /// stay apart. Packing (`RecordPacker`, on its own thread) changes how a box holds its element, never which.
    final class Box: Sendable {
        private let content: Mutex<Content>

        enum Content: Sendable {
            case unpacked(Element)
            case packed(PackedRecord)
        }

        init(_ element: Element) {
            content = Mutex(.unpacked(element))
        }

        var element: Element {
            switch content.withLock({ $0 }) {
            case .unpacked(let element): element
            case .packed(let record): record.unpack(as: Element.self)
            }
        }

        /// The element when it is held as it is.
        var unpacked: Element? {
            if case .unpacked(let element) = content.withLock({ $0 }) { element } else { nil }
        }

        /// A packed element's storage-format bytes, nil for an element held as it is.
        var packedStoredBytes: [UInt8]? {
            if case .packed(let record) = content.withLock({ $0 }) { record.storedBytes() } else { nil }
        }

        /// Holds the element as `record` from now on.
        func holdPacked(_ record: PackedRecord) {
            content.withLock { $0 = .packed(record) }
        }
    }
}
