/// A version 4 UUID kept as its sixteen bytes, made into text (`0f8e2b4c-1a2b-4c3d-9e8f-0123456789ab`, lowercase)
/// only where it is read or sent.
///
/// Every answer carries a `request-id`, and most are never read as text: written by the response encoder straight
/// from these bytes, an answer's id costs no string (an allocation and a release a request) and its journal entry
/// keeps 16 bytes where the string took 80.
public struct PackedUUID: Sendable, Hashable {
    /// The first eight bytes, the first one in the highest bits.
    public let high: UInt64
    /// The last eight bytes.
    public let low: UInt64

    /// The UUID of sixteen random bytes (`high` first, each word's highest byte first), its version and variant
    /// bits set.
    public init(randomHigh high: UInt64, randomLow low: UInt64) {
        self.high = high & ~(0xF0 << 8) | (0x40 << 8)  // RFC 4122 §4.4 — version 4 (byte 6)
        self.low = low & ~(0xC0 << 56) | (0x80 << 56)  // RFC 4122 §4.1.1 — variant 10xx (byte 8)
    }

    /// No UUID: all sixteen bytes zero, which a version 4 UUID never is (its version bits are set).
    static var absent: PackedUUID { PackedUUID(high: 0, low: 0) }

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The length of the text: 32 hex digits and four dashes.
    public static var textLength: Int { 36 }

    /// The text, 8-4-4-4-12 lowercase hex digits.
    public var text: String {
        String(unsafeUninitializedCapacity: Self.textLength) { text in
            store(into: UnsafeMutableRawPointer(text.baseAddress!))
            return Self.textLength
        }
    }

    /// Writes the text's 36 bytes at `raw`: each half of each word is eight hex digits, made and stored as one word.
    func store(into raw: UnsafeMutableRawPointer) {
        /// `-xxxx-xxxx` at `offset`: the eight digits split by dashes.
        func storeDashed(_ digits: UInt64, at offset: Int) {
            raw.storeBytes(of: UInt8(ascii: "-"), toByteOffset: offset, as: UInt8.self)
            raw.storeBytes(of: UInt32(truncatingIfNeeded: digits), toByteOffset: offset + 1, as: UInt32.self)
            raw.storeBytes(of: UInt8(ascii: "-"), toByteOffset: offset + 5, as: UInt8.self)
            raw.storeBytes(of: UInt32(truncatingIfNeeded: digits >> 32), toByteOffset: offset + 6, as: UInt32.self)
        }
        raw.storeBytes(of: Self.hexDigits(UInt32(truncatingIfNeeded: high >> 32)), as: UInt64.self)
        storeDashed(Self.hexDigits(UInt32(truncatingIfNeeded: high)), at: 8)
        storeDashed(Self.hexDigits(UInt32(truncatingIfNeeded: low >> 32)), at: 18)
        raw.storeBytes(of: Self.hexDigits(UInt32(truncatingIfNeeded: low)), toByteOffset: 28, as: UInt64.self)
    }

    /// The eight lowercase hex digits of `value` as a word whose bytes in memory are the digits in order, most
    /// significant first (on a little-endian machine, as Linux's are): each nibble spread into a byte of its own,
    /// then all eight turned into digits at once.
    private static func hexDigits(_ value: UInt32) -> UInt64 {
        var nibbles = UInt64(value)
        nibbles = (nibbles | nibbles << 16) & 0x0000_FFFF_0000_FFFF
        nibbles = (nibbles | nibbles << 8) & 0x00FF_00FF_00FF_00FF
        nibbles = (nibbles | nibbles << 4) & 0x0F0F_0F0F_0F0F_0F0F  // byte k: nibble k, least significant first
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101  // 1 where a-f
        let digits = nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 0x27  // '0' + n, or 'a' + n - 10
        return digits.bigEndian
    }
}

extension ByteWriter {
    /// A UUID's 36 characters of text, written in place.
    mutating func write(_ uuid: PackedUUID) {
        write(atMost: PackedUUID.textLength) { buffer in
            uuid.store(into: UnsafeMutableRawPointer(buffer.baseAddress!))
            return PackedUUID.textLength
        }
    }
}
