import SandboxHTTP
import SandboxSupport
import Synchronization

/// Makes the sandbox's ids: checkout session ids, tokens, UUIDs, digit strings.
///
/// One generator is shared by the engine, so its state sits behind a lock. Seeded, it gives the same
/// sequence of ids on every run (`--seed N`); unseeded, it starts from the system's random source.
public final class IdentifierGenerator: Sendable {
    /// The Bitcoin base58 alphabet: no `0`, `O`, `I` or `l`, as in Dintero's session ids.
    public static let base58Alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    private let random: Locked<SeededRandom>

    /// Creates a generator.
    /// - Parameter seed: fixes every id that follows; nil draws a seed from `SystemRandomNumberGenerator`.
    public init(seed: UInt64?) {
        random = Locked(SeededRandom(seed: seed ?? Self.systemSeed()))
    }

    /// Starts the sequence again from `seed` (nil: a fresh system seed), e.g. when a test resets the sandbox.
    public func reset(seed: UInt64?) {
        let fresh = SeededRandom(seed: seed ?? Self.systemSeed())
        random.withLock { $0 = fresh }
    }

    /// Where the sequence stands, so a restarted durable sandbox goes on with the ids it would have made.
    var position: [UInt64] {
        get { random.withLock { $0.state } }
        set { random.withLock { $0.state = newValue } }
    }

    /// A checkout session id like `T12345678.5cyWnV68vzJ1kYjZPrKWWm`: the account, a dot, 22 base58 characters.
    public func checkoutId(account: String) -> String {
        account + "." + token(length: 22)
    }

    /// `length` random base58 characters.
    public func token(length: Int) -> String {
        string(length: length, alphabet: Self.base58Alphabet)
    }

    /// A random (version 4) UUID in lowercase, e.g. `0f8e2b4c-1a2b-4c3d-9e8f-0123456789ab`.
    public func uuid() -> String {
        // Sixteen draws, one byte each (the low byte), as `randomBytes(16)` would take them, without an array.
        var bytes: (UInt64, UInt64) = random.withLock { generator in
            let high = generator.nextLowBytes()
            return (high, generator.nextLowBytes())
        }
        bytes.0 = bytes.0 & ~(0xF0 << 8) | (0x40 << 8)  // RFC 4122 §4.4 — version 4 (byte 6)
        bytes.1 = bytes.1 & ~(0xC0 << 56) | (0x80 << 56)  // RFC 4122 §4.1.1 — variant 10xx (byte 8)
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = index < 8 ? bytes.0 : bytes.1
                let byte = UInt8(truncatingIfNeeded: word >> (56 - 8 * UInt64(index % 8)))
                text[position] = Self.hexDigits[Int(byte >> 4)]
                text[position + 1] = Self.hexDigits[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `count` random decimal digits; leading zeros included, so the length is always `count`.
    public func digits(_ count: Int) -> String {
        string(length: count, alphabet: Array("0123456789"))
    }

    /// `bytes` random bytes as lowercase hex (twice as many characters).
    public func hexString(bytes: Int) -> String {
        randomBytes(bytes).hexString
    }

    private func string(length: Int, alphabet: [Character]) -> String {
        random.withLock { generator in
            String((0..<max(0, length)).map { _ in alphabet[Int(generator.uniform(below: UInt64(alphabet.count)))] })
        }
    }

    private func randomBytes(_ count: Int) -> [UInt8] {
        random.withLock { generator in
            (0..<max(0, count)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        }
    }

    private static func systemSeed() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}
