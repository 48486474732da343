import Foundation
import SandboxSupport

/// `StorePacking.unpackedLimit`: 4,096, or `KRAVIA_SANDBOX_UNPACKED_LIMIT` (at least 1) — `.ci/run` runs the whole
/// suite once more with 1, so every record a test writes is packed after the next write and unpacked by every read.
private let storeUnpackedLimit: Int = {
    let setting = ProcessInfo.processInfo.environment["KRAVIA_SANDBOX_UNPACKED_LIMIT"].flatMap { Int($0) }
    return max(1, setting ?? 4096)
}()

/// A kind of record a store keeps packed once it has not been written for a while (`StorePacking`).
///
/// Callback deliveries are not: `GET /__sandbox/callbacks`, which merchants' tests poll while they wait for a
/// callback, reads every delivery of the sandbox, and would unpack them all each time.
protocol PackedStoreElement: StoredValue {}

extension Session: PackedStoreElement {}
extension Transaction: PackedStoreElement {}
extension Invoice: PackedStoreElement {}

/// How a store of `PackedStoreElement`s holds its records: the last `unpackedLimit` written as they are, the
/// rest as their storage-format bytes packed against a recent record of the same kind (`ReferencePacking`).
///
/// A held checkout was mostly allocations — each string, JSON object and record its own, with headers, padding and
/// room to grow — while its records' bytes are few and mostly those of the checkout before it (keys, ids, URLs,
/// order, billing address). A packed record is unpacked on every read, so what is written now (a checkout in
/// progress, a delivery being retried) stays as it is until `unpackedLimit` later writes. Then the store hands its
/// box to the `RecordPacker`, which packs it off the request path.
struct StorePacking<Element: Sendable>: Sendable {
    static var unpackedLimit: Int { storeUnpackedLimit }

    /// Whether records of this kind are packed at all.
    static var applies: Bool { Element.self is any PackedStoreElement.Type }

    /// The boxes written last, oldest first from `start`, as a ring of at most `unpackedLimit`.
    private var recent: [(id: String, box: OrderedStore<Element>.Box)] = []
    private var start = 0

    /// Notes `box` as just written under `id`; returns the box noted `unpackedLimit` writes ago, and its id, for
    /// the store to have packed when it is still that id's box (one written again since is noted again, and waits).
    mutating func noteWritten(_ id: String, _ box: OrderedStore<Element>.Box)
        -> (id: String, box: OrderedStore<Element>.Box)?
    {
        guard recent.count == Self.unpackedLimit else {
            recent.append((id, box))
            return nil
        }
        let oldest = recent[start]
        recent[start] = (id, box)
        start = (start + 1) % Self.unpackedLimit
        return oldest
    }
}

/// A record as `StorePacking` keeps it: its storage-format bytes, packed against a reference.
struct PackedRecord: Sendable {
    let reference: PackingReference
    let bytes: [UInt8]

    /// The record's storage-format bytes.
    func storedBytes() -> [UInt8] {
        guard let stored = ReferencePacking.unpack(bytes, against: reference) else {
            fatalError("a packed record that does not unpack")
        }
        return stored
    }

    func unpack<Element>(as type: Element.Type) -> Element {
        guard let kind = Element.self as? any PackedStoreElement.Type else {
            fatalError("a packed \(Element.self), not a kind that is packed")
        }
        do {
            return try decode(kind) as! Element
        } catch {
            fatalError("a packed \(Element.self) that does not decode: \(error)")
        }
    }

    private func decode<Kind: PackedStoreElement>(_ kind: Kind.Type) throws -> Kind {
        try BinaryDecoder.decode(kind, from: storedBytes())
    }
}
