/// HMAC-SHA256 (RFC 2104) over our own `SHA256`, used to sign callbacks.
package enum HMACSHA256 {
    /// SHA-256's block size in bytes; keys longer than this are hashed first (RFC 2104 §2).
    private static let blockSize = 64

    /// The 32-byte authentication code of `message` under `key`.
    /// - Parameters:
    ///   - key: the secret, any length.
    ///   - message: the bytes to authenticate.
    /// - Returns: the untruncated MAC; callers truncate when a protocol asks for it.
    package static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var paddedKey = key.count > blockSize ? SHA256.hash(key) : key
        paddedKey.append(contentsOf: repeatElement(0, count: blockSize - paddedKey.count))
        let innerPad = paddedKey.map { $0 ^ 0x36 }
        let outerPad = paddedKey.map { $0 ^ 0x5c }
        let inner = SHA256.hash(innerPad + message)
        return SHA256.hash(outerPad + inner)
    }
}
