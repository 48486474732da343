/// A small, fast, reproducible random number generator: xoshiro256** seeded through SplitMix64.
///
/// `--seed N` must give the same ids on every machine and toolchain, so both the generator and the
/// way bounded values are drawn from it (`uniform(below:)`) are ours rather than the standard library's.
package struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole output is determined by `seed`.
    package init(seed: UInt64) {
        // SplitMix64 spreads any seed, even 0, over the 256-bit state, which must not be all zeros.
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9e37_79b9_7f4a_7c15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The generator's position: its four state words, so a restarted sandbox can go on where it stopped.
    package var state: [UInt64] {
        get { [s0, s1, s2, s3] }
        set {
            // An all-zero state would only ever produce zeros; such a value is refused and the generator kept.
            guard newValue.count == 4, newValue.contains(where: { $0 != 0 }) else { return }
            (s0, s1, s2, s3) = (newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// Eight draws, the low byte of each, as one word, the first draw's byte highest: what eight one-byte draws
    /// give, in one call (a call per draw from another module was most of the cost of a UUID).
    package mutating func nextLowBytes() -> UInt64 {
        var word: UInt64 = 0
        for _ in 0..<8 { word = word << 8 | (next() & 0xFF) }
        return word
    }

    /// A uniformly distributed value in `0..<bound`, by rejection so that no value is favoured.
    /// - Parameter bound: the exclusive upper limit; must be positive.
    package mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        // Values at or above the largest multiple of `bound` would make low results more likely.
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let value = next()
            if value < limit { return value % bound }
        }
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
