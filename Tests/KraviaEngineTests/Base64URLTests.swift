import Foundation
import SandboxSupport
import Testing

struct Base64URLTests {
    /// RFC 4648 §10's vectors, in the URL alphabet and without padding.
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func encodesTheRFCVectors(text: String, expected: String) {
        #expect(Base64URL.encode(Array(text.utf8)) == expected)
        #expect(Base64URL.decode(Array(expected.utf8)) == Array(text.utf8))
    }

    @Test func usesTheURLAlphabetAndAgreesWithFoundation() {
        var random = SeededRandom(seed: 4648)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let standard = Data(bytes).base64EncodedString()
            let url = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(Base64URL.encode(bytes) == url.replacingOccurrences(of: "=", with: ""))
            #expect(Base64URL.decode(Array(url.utf8)) == bytes, "padded, length \(length)")
            #expect(Base64URL.decode(Array(Base64URL.encode(bytes).utf8)) == bytes, "unpadded, length \(length)")
        }
    }

    @Test(arguments: ["Zm9v+g", "Zm9v/g", "Zm9v Yg", "Zg=v", "Z", "Zm9vY"])
    func refusesWhatIsNotBase64URL(text: String) {
        #expect(Base64URL.decode(Array(text.utf8)) == nil)
    }
}
