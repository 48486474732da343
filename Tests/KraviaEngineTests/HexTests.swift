import KraviaEngine
import Testing

struct HexTests {
    @Test(arguments: [
        ([UInt8](), ""),
        ([0x00], "00"),
        ([0x0f, 0xf0, 0xab], "0ff0ab"),
        ([0xde, 0xad, 0xbe, 0xef], "deadbeef"),
    ])
    func lowercaseTwoDigitsPerByte(bytes: [UInt8], expected: String) {
        #expect(bytes.hexString == expected)
    }
}
