@preconcurrency import Glibc
import SandboxSupport

/// Values decoded once per decoding thread when their stored bytes repeat, and shared from then on.
///
/// Every session of a payment profile holds the same configuration and Kravia settings, a shop's sessions the
/// same URLs, and a merchant's test suite checks out the same order items with the same billing address again and
/// again. Before a restart many of those values share storage (copies of one value); decoded one by one they
/// would not, and a start-up would build hundreds of thousands of equal dictionaries (the heap, and the fresh
/// pages it takes, are most of a start's time). Every JSON value of some length goes through the memo; other
/// types only where a codec asks (`StoredMembers.readShared`). A memo is set up per chunk of a long decode
/// (`ParallelDecoding`), is never shared between threads, and keeps keys into one buffer only — the first it is
/// asked about, which outlives the decode the memo was set up for; blobs of any other buffer are decoded every
/// time.
final class DecodingMemo {
    /// JSON blobs shorter than this are decoded every time: a lookup would cost about what it saves.
    static let shortestJSON = 24

    private var buffer: UnsafePointer<UInt8>?
    /// One table per type of value.
    private var tables: [ObjectIdentifier: AnyObject] = [:]

    /// Values by their stored bytes, open addressing on the bytes' digest: a `Dictionary` would seed and run
    /// SipHash over the digest for every lookup, a few percent of a whole start-up.
    private final class Table<T> {
        private struct Slot {
            let key: StoredBytes
            let value: T
        }

        private var slots = [Slot?](repeating: nil, count: 256)
        private var used = 0
        private var shift = 64 - 8

        subscript(key: StoredBytes) -> T? {
            var index = home(key)
            while let slot = slots[index] {
                if slot.key == key { return slot.value }
                index = (index + 1) & (slots.count - 1)
            }
            return nil
        }

        func insert(_ value: T, for key: StoredBytes) {
            if (used + 1) * 4 > slots.count * 3 { grow() }
            place(Slot(key: key, value: value))
            used += 1
        }

        /// Fibonacci hashing: the digest's bits mixed into the top ones, which pick the slot.
        private func home(_ key: StoredBytes) -> Int {
            Int(truncatingIfNeeded: (key.digest &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        }

        private func place(_ slot: Slot) {
            var index = home(slot.key)
            while slots[index] != nil { index = (index + 1) & (slots.count - 1) }
            slots[index] = slot
        }

        private func grow() {
            let old = slots
            slots = [Slot?](repeating: nil, count: old.count * 2)
            shift -= 1
            for case let slot? in old { place(slot) }
        }
    }

    /// Runs `body` with a memo on this thread: the one already there, or a new one for `body`'s time.
    static func scoped<T>(_ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(threadKey)
        guard previous == nil else { return try body() }
        let memo = DecodingMemo()
        pthread_setspecific(threadKey, Unmanaged.passUnretained(memo).toOpaque())
        defer { pthread_setspecific(threadKey, nil) }
        return try withExtendedLifetime(memo) { try body() }
    }

    /// The JSON value stored in `blob`: decoded by `decode` the first time its bytes are seen on this thread.
    static func json(_ blob: StoredBlob, _ decode: (StoredBlob) throws -> JSONValue) rethrows -> JSONValue {
        guard blob.range.count >= shortestJSON else { return try decode(blob) }
        return try value(blob, decode)
    }

    /// The value stored in `blob`: decoded by `decode` the first time its bytes are seen on this thread (every
    /// time outside a memo's scope).
    static func value<T>(_ blob: StoredBlob, _ decode: (StoredBlob) throws -> T) rethrows -> T {
        guard let opaque = pthread_getspecific(threadKey) else { return try decode(blob) }
        let memo = Unmanaged<DecodingMemo>.fromOpaque(opaque).takeUnretainedValue()
        if memo.buffer == nil { memo.buffer = blob.buffer.baseAddress }
        guard memo.buffer == blob.buffer.baseAddress else { return try decode(blob) }
        let table: Table<T>
        if let known = memo.tables[ObjectIdentifier(T.self)] {
            table = unsafeDowncast(known, to: Table<T>.self)
        } else {
            table = Table<T>()
            memo.tables[ObjectIdentifier(T.self)] = table
        }
        let key = StoredBytes(blob)
        if let known = table[key] { return known }
        let value = try decode(blob)
        table.insert(value, for: key)
        return value
    }
}

/// A blob's bytes as a memo's key: compared by content, digested once with a fast word-at-a-time mix.
private struct StoredBytes: Equatable {
    let start: UnsafePointer<UInt8>
    let count: Int
    let digest: UInt64

    init(_ blob: StoredBlob) {
        start = blob.buffer.baseAddress! + blob.range.lowerBound
        count = blob.range.count
        var digest = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        let raw = UnsafeRawPointer(start)
        var offset = 0
        while offset + 8 <= count {
            digest = (digest ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            digest ^= digest >> 32
            offset += 8
        }
        while offset < count {
            digest = (digest ^ UInt64(start[offset])) &* 0xC4CE_B9FE_1A85_EC53
            offset += 1
        }
        self.digest = digest
    }

    static func == (left: StoredBytes, right: StoredBytes) -> Bool {
        left.count == right.count && left.digest == right.digest && memcmp(left.start, right.start, left.count) == 0
    }
}

/// The thread-specific slot holding the current thread's memo (nil outside `DecodingMemo.scoped`).
private let threadKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
