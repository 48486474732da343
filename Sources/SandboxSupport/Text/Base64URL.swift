/// Base64url without padding (RFC 4648 §5), as JWTs carry their parts: a table walk over the bytes. Foundation's
/// base64 plus `replacingOccurrences` for the two alphabet changes cost hundreds of thousands of instructions
/// per token, on the journal writer's path. Inlinable, so each caller's collection gets a specialised loop.
public enum Base64URL {
    @usableFromInline static let alphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Each byte's six-bit value, 0xFF for a byte outside the alphabet.
    @usableFromInline static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    /// `bytes` in base64url, without `=` padding.
    @inlinable public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = accumulator << 8 | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                output.append(alphabet[Int(accumulator >> UInt32(bits) & 0x3F)])
            }
        }
        if bits > 0 { output.append(alphabet[Int(accumulator << UInt32(6 - bits) & 0x3F)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` (its UTF-8) encodes, padded or not; nil when it holds anything outside the alphabet or its
    /// length cannot be base64.
    @inlinable public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var digits = 0
        var padding = false
        for byte in text {
            if byte == UInt8(ascii: "=") {
                padding = true
                continue
            }
            let value = values[Int(byte)]
            guard value != 0xFF, !padding else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            digits += 1
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        // One digit left over carries fewer than 8 bits: no byte ends there.
        return digits % 4 == 1 ? nil : output
    }
}
