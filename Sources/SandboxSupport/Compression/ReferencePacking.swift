/// Bytes packed against a reference: LZ77 over the reference followed by the bytes, so whatever the bytes share
/// with the reference (a record's keys, an account's ids and URLs, a shop's order and billing address) costs a
/// few bytes, and only what is new is kept as it is.
///
/// The packed form is a run of tokens, each a varint header. `length << 1` is a literal: that many bytes follow.
/// `(length - minimumMatch) << 1 | 1` is a match: a varint distance follows, counted back from the position being
/// written in the reference-then-bytes sequence (so it may reach into the reference, and may overlap the bytes
/// it produces). Nothing outside the process reads it: the storage format stays the records' own.
package enum ReferencePacking {
    static let minimumMatch = 4

    /// `bytes` packed against `reference`.
    package static func pack(_ bytes: [UInt8], against reference: PackingReference) -> [UInt8] {
        let whole = reference.bytes + bytes
        var packed: [UInt8] = []
        packed.reserveCapacity(bytes.count / 4 + 16)
        var table = reference.positions
        whole.withUnsafeBufferPointer { all in
            table.withUnsafeMutableBufferPointer { table in
                var literalStart = reference.bytes.count
                var cursor = literalStart
                let end = all.count
                while cursor + minimumMatch <= end {
                    let slot = PackingReference.slot(all, at: cursor)
                    let candidate = Int(table[slot])
                    table[slot] = Int32(cursor)
                    guard candidate >= 0,
                        PackingReference.word(all, at: candidate) == PackingReference.word(all, at: cursor)
                    else {
                        cursor += 1
                        continue
                    }
                    var length = minimumMatch
                    while cursor + length + 8 <= end,
                        PackingReference.word64(all, at: candidate + length)
                            == PackingReference.word64(all, at: cursor + length)
                    {
                        length += 8
                    }
                    while cursor + length < end, all[candidate + length] == all[cursor + length] { length += 1 }
                    appendLiteral(all, from: literalStart, to: cursor, to: &packed)
                    appendVarint((length - minimumMatch) << 1 | 1, to: &packed)
                    appendVarint(cursor - candidate, to: &packed)
                    cursor += length
                    // One position near the match's end goes into the table (not each one it covered: most of a
                    // record matches, and indexing every byte of it was most of the work).
                    if cursor - 2 + minimumMatch <= end {
                        table[PackingReference.slot(all, at: cursor - 2)] = Int32(cursor - 2)
                    }
                    literalStart = cursor
                }
                appendLiteral(all, from: literalStart, to: end, to: &packed)
            }
        }
        return packed.exactCapacityCopy()
    }

    /// The bytes `packed` was made from, with the same `reference`; nil when `packed` is not such a packing.
    package static func unpack(_ packed: [UInt8], against reference: PackingReference) -> [UInt8]? {
        var whole = reference.bytes
        whole.reserveCapacity(reference.bytes.count + packed.count * 8)
        var cursor = 0
        while cursor < packed.count {
            guard let header = readVarint(packed, at: &cursor) else { return nil }
            if header & 1 == 0 {
                let length = header >> 1
                guard length <= packed.count - cursor else { return nil }
                whole.append(contentsOf: packed[cursor..<(cursor + length)])
                cursor += length
            } else {
                let length = header >> 1 + minimumMatch
                guard let distance = readVarint(packed, at: &cursor), distance > 0, distance <= whole.count,
                    length <= (1 << 32)
                else { return nil }
                var from = whole.count - distance
                // Byte by byte: a match may overlap what it produces (a run repeats its start).
                for _ in 0..<length {
                    whole.append(whole[from])
                    from += 1
                }
            }
        }
        return Array(whole[reference.bytes.count...])
    }

    private static func appendLiteral(
        _ all: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, to packed: inout [UInt8]
    ) {
        guard end > start else { return }
        appendVarint((end - start) << 1, to: &packed)
        packed.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<end]))
    }

    private static func appendVarint(_ value: Int, to packed: inout [UInt8]) {
        var rest = UInt(value)
        while rest >= 0x80 {
            packed.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        packed.append(UInt8(rest))
    }

    private static func readVarint(_ packed: [UInt8], at cursor: inout Int) -> Int? {
        var value = 0
        var shift = 0
        while cursor < packed.count, shift < 56 {
            let byte = packed[cursor]
            cursor += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}

/// What packings are made against: some bytes, and where each four-byte sequence in them last starts (indexed
/// once, copied by each packing that goes on to index its own bytes).
package final class PackingReference: Sendable {
    package let bytes: [UInt8]
    let positions: [Int32]

    static let slotBits = 12

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes.exactCapacityCopy()
        var positions = [Int32](repeating: -1, count: 1 << Self.slotBits)
        bytes.withUnsafeBufferPointer { all in
            if all.count >= ReferencePacking.minimumMatch {
                for position in 0...(all.count - ReferencePacking.minimumMatch) {
                    positions[Self.slot(all, at: position)] = Int32(position)
                }
            }
        }
        self.positions = positions
    }

    @inline(__always)
    static func word(_ all: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt32 {
        UnsafeRawPointer(all.baseAddress! + position).loadUnaligned(as: UInt32.self)
    }

    @inline(__always)
    static func word64(_ all: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt64 {
        UnsafeRawPointer(all.baseAddress! + position).loadUnaligned(as: UInt64.self)
    }

    @inline(__always)
    static func slot(_ all: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
        Int((word(all, at: position) &* 2_654_435_761) >> (32 - UInt32(slotBits)))
    }
}

extension Array where Element == UInt8 {
    /// A copy holding exactly its bytes: an array grown by appending keeps up to twice the room it needs.
    package func exactCapacityCopy() -> [UInt8] {
        // No capacity is the shared empty array, whose count the initializer would write (a race between threads).
        guard !isEmpty else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = buffer.initialize(from: self)
            initialized = count
        }
    }
}
