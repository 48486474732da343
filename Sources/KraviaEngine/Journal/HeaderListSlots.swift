import SandboxHTTP

/// Values remembered per request header list, for one thread (the journal writer's memos).
///
/// A keep-alive client repeating its head shares the previous request's list (`HTTPRequestParser`), so each
/// connection polling finds its own value, where one "last value" was another connection's under concurrent polls.
/// Found by the list's storage address, direct-mapped: a dictionary's hashing cost as much as the comparisons it
/// saved. Two lists meeting in one slot take turns. Each slot holds its list, so the storage cannot be freed and
/// reused by another list while it keys a value.
struct HeaderListSlots<Value: AnyObject> {
    private var slots = [(headers: HTTPHeaders, value: Value)?](repeating: nil, count: Self.count)

    /// How many lists can be remembered at once.
    static var count: Int { 256 }

    /// The value last remembered for `headers`' list.
    func value(for headers: HTTPHeaders) -> Value? {
        let address = headers.storageAddress
        guard let slot = slots[Self.slot(address)], slot.headers.storageAddress == address else { return nil }
        return slot.value
    }

    /// Remembers `value` for `headers`' list, in place of what its slot held.
    mutating func remember(_ value: Value, for headers: HTTPHeaders) {
        slots[Self.slot(headers.storageAddress)] = (headers, value)
    }

    /// Lists are allocated 16-byte aligned: the bits above those pick the slot.
    private static func slot(_ address: UnsafeRawPointer?) -> Int {
        Int(truncatingIfNeeded: UInt(bitPattern: address) >> 4) & (count - 1)
    }
}
