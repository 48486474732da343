/// SHA-1 (FIPS 180-4 §6.1), for the one place Dintero still uses it: the HMAC-SHA1 `event-signature` of
/// webhook deliveries. Not for anything that needs collision resistance.
package enum SHA1 {
    /// The 20-byte digest of `bytes`.
    package static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        MessageBlocks.forEach(bytes) { compress($0, into: &state) }
        return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
    }

    /// FIPS 180-4 §6.1.2 — one 64-byte block into the five-word state.
    private static func compress(_ block: [UInt8], into state: inout [UInt32]) {
        var w = [UInt32](repeating: 0, count: 80)
        for t in 0..<16 {
            w[t] = (0..<4).reduce(0) { $0 << 8 | UInt32(block[4 * t + $1]) }
        }
        for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
        var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
        for t in 0..<80 {
            let (f, k): (UInt32, UInt32) =
                switch t {
                case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
            let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
            (e, d, c, b, a) = (d, c, rotl(b, 30), a, temp)
        }
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
    }

    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
}

/// HMAC-SHA1 (RFC 2104 with SHA-1): Dintero's webhook `event-signature`.
package enum HMACSHA1 {
    /// SHA-1's block size in bytes; longer keys are hashed first (RFC 2104 §2).
    private static let blockSize = 64

    /// The 20-byte authentication code of `message` under `key`.
    package static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var paddedKey = key.count > blockSize ? SHA1.hash(key) : key
        paddedKey.append(contentsOf: repeatElement(0, count: blockSize - paddedKey.count))
        let inner = SHA1.hash(paddedKey.map { $0 ^ 0x36 } + message)
        return SHA1.hash(paddedKey.map { $0 ^ 0x5c } + inner)
    }
}
