import KraviaEngine
import SandboxSupport
import Testing

struct HMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var message: [UInt8]
        /// Expected MAC in hex; shorter than 64 digits when the RFC truncates the output.
        var expected: String
        var testDescription: String { name }
    }

    static let largeKey = [UInt8](repeating: 0xaa, count: 131)

    /// RFC 4231 §4.2–§4.8.
    static let vectors: [Vector] = [
        Vector(
            name: "1: short key", key: .init(repeating: 0x0b, count: 20), message: Array("Hi There".utf8),
            expected: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            name: "2: key shorter than output", key: Array("Jefe".utf8),
            message: Array("what do ya want for nothing?".utf8),
            expected: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            name: "3: 0xdd data", key: .init(repeating: 0xaa, count: 20), message: .init(repeating: 0xdd, count: 50),
            expected: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            name: "4: 25-byte key", key: Array(1...25), message: .init(repeating: 0xcd, count: 50),
            expected: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            name: "5: truncated to 128 bits", key: .init(repeating: 0x0c, count: 20),
            message: Array("Test With Truncation".utf8), expected: "a3b6167473100ee06e0c796c2955552b"),
        Vector(
            name: "6: 131-byte key", key: largeKey,
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            expected: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            name: "7: 131-byte key and long data", key: largeKey,
            message: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            expected: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func rfc4231(vector: Vector) {
        let mac = HMACSHA256.authenticationCode(key: vector.key, message: vector.message)
        #expect(mac.count == 32)
        #expect(mac.prefix(vector.expected.count / 2).hexString == vector.expected)
    }
}
