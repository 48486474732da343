import Foundation
import SandboxHTTP
import SandboxSupport

/// A box whose record can be packed where it stands: `OrderedStore.Box` of a `PackedStoreElement`.
protocol PackableBox: AnyObject, Sendable {
    /// Packs the record, when it is still held as it is, against `references`' reference for its kind.
    func pack(with references: inout PackingReferences)
}

extension OrderedStore.Box: PackableBox where Element: PackedStoreElement {
    func pack(with references: inout PackingReferences) {
        guard let element = unpacked else { return }
        let bytes: [UInt8]
        do {
            bytes = try BinaryEncoder.encode(element)
        } catch {
            fatalError("a \(Element.self) the store holds cannot be encoded: \(error)")
        }
        let reference = references.reference(for: Element.self, next: bytes)
        holdPacked(PackedRecord(reference: reference, bytes: ReferencePacking.pack(bytes, against: reference)))
    }
}

/// What records are packed against: per kind of record, a recent record of that kind, replaced every
/// `packingsPerReference` packings (records drift — new days, new URLs — and pack best against one like them; each
/// packing holds its reference, so an old one goes with the last record packed against it).
struct PackingReferences {
    static let packingsPerReference = 1024
    private var byKind: [ObjectIdentifier: (reference: PackingReference, packings: Int)] = [:]

    /// The reference to pack `bytes`, a record of `kind`, against (made from `bytes` when it is time for a new one).
    mutating func reference(for kind: Any.Type, next bytes: [UInt8]) -> PackingReference {
        let key = ObjectIdentifier(kind)
        if let current = byKind[key], current.packings < Self.packingsPerReference {
            byKind[key]!.packings += 1
            return current.reference
        }
        let reference = PackingReference(bytes)
        byKind[key] = (reference, 1)
        return reference
    }
}

/// Packs records off the request path: stores hand it the boxes leaving their last-written ring
/// (`StorePacking`), and one thread for the process packs each where it stands — a request that wrote a record
/// does not wait for another one to be packed, nor does anyone wait behind it for the ledger. The thread starts
/// with the first box handed to it and ends after a second with none.
final class RecordPacker: @unchecked Sendable {
    static let shared = RecordPacker()

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [any PackableBox] = []
    private var threadRunning = false
    private var packing = false
    /// Only the packer's thread touches it (one thread at a time; a new one starts after the last has ended).
    private var references = PackingReferences()

    func submit(_ box: any PackableBox) {
        condition.lock()
        defer { condition.unlock() }
        waiting.append(box)
        if threadRunning {
            condition.broadcast()
        } else {
            threadRunning = true
            Thread(named: "record-packer") { [self] in run() }.start()
        }
    }

    /// Blocks until every box handed over so far is packed.
    func waitUntilIdle() {
        condition.lock()
        defer { condition.unlock() }
        while !waiting.isEmpty || packing { condition.wait() }
    }

    private func run() {
        while true {
            condition.lock()
            let idleUntil = Date(timeIntervalSinceNow: 1)
            while waiting.isEmpty {
                if !condition.wait(until: idleUntil), waiting.isEmpty {
                    threadRunning = false
                    condition.unlock()
                    return
                }
            }
            let batch = waiting
            waiting = []
            packing = true
            condition.unlock()
            for box in batch { box.pack(with: &references) }
            condition.lock()
            packing = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
