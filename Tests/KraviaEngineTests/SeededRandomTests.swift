import KraviaEngine
import SandboxSupport
import Testing

struct SeededRandomTests {
    /// First outputs of xoshiro256** seeded by SplitMix64, from a Python transcription of the reference C.
    static let references: [(seed: UInt64, outputs: [UInt64])] = [
        (0, [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c]),
        (42, [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1]),
    ]

    @Test(arguments: references)
    func matchesReferenceSequence(seed: UInt64, expected: [UInt64]) {
        var generator = SeededRandom(seed: seed)
        #expect((0..<4).map { _ in generator.next() } == expected)
    }

    @Test func uniformStaysBelowBoundAndCoversIt() {
        var generator = SeededRandom(seed: 7)
        var seen = Set<UInt64>()
        for _ in 0..<2_000 {
            let value = generator.uniform(below: 58)
            #expect(value < 58)
            seen.insert(value)
        }
        #expect(seen.count == 58)
    }

    @Test func differentSeedsDiverge() {
        var a = SeededRandom(seed: 1)
        var b = SeededRandom(seed: 2)
        #expect(a.next() != b.next())
    }
}
