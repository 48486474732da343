import Testing
@testable import SandboxHTTP

/// The parser's byte-class shortcuts against the RFC definitions they stand for.
struct HTTPSyntaxTests {
    @Test func tokenBitmapIsTheTokenTable() {
        for byte in 0...255 {
            #expect(HTTPSyntax.isTokenByte(UInt8(byte)) == HTTPSyntax.tokenCharacters[byte], "byte \(byte)")
        }
    }

    /// RFC 9110 §5.5, byte by byte: what the word-at-a-time check must agree with.
    private func isFieldValueByDefinition(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 >= 0x20 && $0 != 0x7F || $0 == HTTPSyntax.tab }
    }

    private func isFieldValue(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { HTTPSyntax.isFieldValue($0) }
    }

    /// Every byte value at every position of a value long enough for whole words, a tail and an offset start.
    @Test func fieldValueCheckAgreesWithTheDefinitionForEveryByteAtEveryPosition() {
        expectAgreement(
            from: Array("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig-é".utf8), isFieldValue, isFieldValueByDefinition)
    }

    /// A request target's bytes (RFC 9112 §3.2), one by one: what `isVisibleASCII`'s word-at-a-time check stands for.
    private func isVisibleASCIIByDefinition(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private func isVisibleASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { HTTPSyntax.isVisibleASCII($0) }
    }

    /// Every byte value at every position of a target long enough for whole words, a tail and an offset start;
    /// then two bytes at once, where a carry or a borrow between neighbours could hide one of them.
    @Test func visibleASCIICheckAgreesWithTheDefinitionForEveryByteAtEveryPosition() {
        let clean = Array("/v1/transactions/T12345678.abc?x=~1".utf8)
        expectAgreement(from: clean, isVisibleASCII, isVisibleASCIIByDefinition)
        for position in clean.indices.dropLast() {
            for byte in 0...255 {
                for neighbour: UInt8 in [0x00, 0x20, 0x7F, 0xFF] {
                    var target = clean
                    target[position] = UInt8(byte)
                    target[position + 1] = neighbour
                    #expect(isVisibleASCII(target) == false, "byte \(byte), then \(neighbour)")
                }
            }
        }
    }

    /// `check` agrees with `definition` for `clean` with each byte value at each position, whole and shifted.
    private func expectAgreement(
        from clean: [UInt8], _ check: ([UInt8]) -> Bool, _ definition: ([UInt8]) -> Bool
    ) {
        for position in clean.indices {
            for byte in 0...255 {
                var bytes = clean
                bytes[position] = UInt8(byte)
                #expect(check(bytes) == definition(bytes), "byte \(byte) at \(position)")
                let shifted = Array(bytes.dropFirst(position % 8))
                #expect(check(shifted) == definition(shifted), "byte \(byte), shifted")
            }
        }
    }

    @Test(arguments: [
        [UInt8](), Array("\t".utf8), Array("a\u{7F}bcdefghij".utf8),
        [0x80, 0xFF, 0x20, 0x7E, 0x21, 0x09, 0x80, 0xC3, 0xA9],
        Array("12345678\r".utf8), Array("1234567\u{0}".utf8),
    ])
    func fieldValueEdgeCases(value: [UInt8]) {
        #expect(isFieldValue(value) == isFieldValueByDefinition(value))
    }
}
