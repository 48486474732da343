import SandboxHTTP
import SandboxSupport
import Synchronization

/// Makes the sandbox's ids: checkout session ids, tokens, UUIDs, digit strings.
///
/// One generator is shared by the engine, so its state sits behind a lock. Seeded, it gives the same
/// sequence of ids on every run (`--seed N`); unseeded, it starts from the system's random source.
///
/// The `request-id` of every answer comes from a stream of its own (`requestId()`), drawn without the lock:
/// the n-th request id is a function of the seed and n. So the ids of sessions, transactions and events do
/// not depend on how many requests came before them (a test that polls a GET until something happens makes
/// a different number of requests on every run), and the hottest path takes no lock for its id.
public final class IdentifierGenerator: Sendable {
    /// The Bitcoin base58 alphabet: no `0`, `O`, `I` or `l`, as in Dintero's session ids.
    public static let base58Alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    private let random: Locked<SeededRandom>
    /// The request-id stream: its key, and how many ids it has given.
    private let requestKey: Atomic<UInt64>
    private let requestCount = Atomic<UInt64>(0)

    /// Creates a generator.
    /// - Parameter seed: fixes every id that follows; nil draws a seed from `SystemRandomNumberGenerator`.
    public init(seed: UInt64?) {
        let seed = seed ?? Self.systemSeed()
        random = Locked(SeededRandom(seed: seed))
        requestKey = Atomic(Self.requestKey(seed))
    }

    /// Starts the sequence again from `seed` (nil: a fresh system seed), e.g. when a test resets the sandbox.
    public func reset(seed: UInt64?) {
        let seed = seed ?? Self.systemSeed()
        let fresh = SeededRandom(seed: seed)
        random.withLock { $0 = fresh }
        requestKey.store(Self.requestKey(seed), ordering: .relaxed)
        requestCount.store(0, ordering: .relaxed)
    }

    /// Where the sequences stand, so a restarted durable sandbox goes on with the ids it would have made: the
    /// generator's four state words, then the request-id stream's key and count (a data folder written before
    /// the stream had its own holds the four words alone; its request ids start again from its key).
    package var position: [UInt64] {
        get {
            random.withLock { $0.state }
                + [requestKey.load(ordering: .relaxed), requestCount.load(ordering: .relaxed)]
        }
        set {
            random.withLock { $0.state = Array(newValue.prefix(4)) }
            guard newValue.count == 6 else { return }
            requestKey.store(newValue[4], ordering: .relaxed)
            requestCount.store(newValue[5], ordering: .relaxed)
        }
    }

    /// A request's `request-id`: a version 4 UUID, the next of the request-id stream (see the type's comment), kept
    /// as its bytes (the encoder writes it out; `PackedUUID.text` makes the string).
    public func requestId() -> PackedUUID {
        let index = requestCount.wrappingAdd(1, ordering: .relaxed).oldValue
        let key = requestKey.load(ordering: .relaxed)
        return PackedUUID(randomHigh: Self.mix(key &+ 2 &* index), randomLow: Self.mix(key &+ 2 &* index &+ 1))
    }

    /// The request-id stream's key for a seed: the seed mixed with a constant of its own, so that the stream
    /// does not follow the main generator's, which is seeded from the same number.
    private static func requestKey(_ seed: UInt64) -> UInt64 {
        mix(seed ^ 0x7265_7175_6573_7449)  // "requestI"
    }

    /// SplitMix64's finalizer: spreads a counter's bits over the whole word.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
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
        let bytes: (UInt64, UInt64) = random.withLock { generator in
            let high = generator.nextLowBytes()
            return (high, generator.nextLowBytes())
        }
        return PackedUUID(randomHigh: bytes.0, randomLow: bytes.1).text
    }

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
