import SandboxSupport
import Testing

/// Packing against a reference gives back the very bytes packed, whatever they are, and what they share with the
/// reference costs little.
@Suite struct ReferencePackingTests {
    /// Seeded random byte strings of every short length and some long ones, drawn from small and large alphabets
    /// (repeats, runs and no repeats at all), against references that share parts of them or nothing.
    @Test func everyPackingUnpacksToItsBytes() {
        var random = SeededRandom(seed: 17)
        for round in 0..<2_000 {
            let length = round < 300 ? round % 40 : Int(random.next() % 3_000)
            let alphabet = [2, 4, 16, 256][round % 4]
            let bytes = (0..<length).map { _ in UInt8(random.next() % UInt64(alphabet)) }
            let reference: [UInt8]
            switch round % 3 {
            case 0: reference = []
            case 1: reference = (0..<Int(random.next() % 500)).map { _ in UInt8(random.next() % UInt64(alphabet)) }
            default: reference = Array(bytes.prefix(Int(random.next() % UInt64(length + 1)))) + [7, 7, 7]
            }
            let against = PackingReference(reference)
            let packed = ReferencePacking.pack(bytes, against: against)
            #expect(ReferencePacking.unpack(packed, against: against) == bytes, "round \(round)")
        }
    }

    @Test func bytesLikeTheReferenceTakeAFewBytes() {
        let record = Array(#"{"id":"T12345678.a","merchant_reference":"order-1","currency":"NOK","amount":50000}"#.utf8)
        let next = Array(#"{"id":"T12345678.b","merchant_reference":"order-2","currency":"NOK","amount":50000}"#.utf8)
        let reference = PackingReference(record)
        let packed = ReferencePacking.pack(next, against: reference)
        #expect(packed.count < next.count / 4)
        #expect(ReferencePacking.unpack(packed, against: reference) == next)
    }

    /// A run packs as a match overlapping what it produces.
    @Test func aRunPacksAsOneOverlappingMatch() {
        let run = [UInt8](repeating: 0x41, count: 10_000)
        let reference = PackingReference([])
        let packed = ReferencePacking.pack(run, against: reference)
        #expect(packed.count < 16)
        #expect(ReferencePacking.unpack(packed, against: reference) == run)
    }

    @Test func whatIsNotAPackingUnpacksToNil() {
        let reference = PackingReference(Array("abcdefgh".utf8))
        #expect(ReferencePacking.unpack([0x03], against: reference) == nil)  // a match without its distance
        #expect(ReferencePacking.unpack([0x01, 0x09], against: reference) == nil)  // a distance past the start
        #expect(ReferencePacking.unpack([0x10, 0x61], against: reference) == nil)  // a literal cut short
        #expect(ReferencePacking.unpack([0x80], against: reference) == nil)  // a varint cut short
        #expect(ReferencePacking.unpack([], against: reference) == [])
    }
}
