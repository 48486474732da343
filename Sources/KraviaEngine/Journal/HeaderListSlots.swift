import SandboxHTTP

/// Values remembered per request header list, for one thread (the journal writer's memos).
///
/// A keep-alive client repeating its head shares the previous request's list (`HTTPRequestParser`), so each
/// connection polling finds its own value, where one "last value" was another connection's under concurrent polls.
/// Found by the list's storage address, direct-mapped: a dictionary's hashing cost as much as the comparisons it
/// saved. Two lists meeting in one slot take turns, each missing every time; with 256 slots picked by the address's
/// low bits, 64 connections met often enough that 22 % of their polls missed (callgrind, 64 connections taking
/// turns, 4,000 GETs). Each slot holds its list, so the storage cannot be freed and reused by another list
/// while it keys a value.
///
/// The slots are memory of their own, not a stored array: a lookup compares one address and retains one value,
/// where reading a slot of an array property was checked for exclusivity and copied its list and value out.
final class HeaderListSlots<Value: AnyObject> {
    private let addresses = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: count)
    private let lists = UnsafeMutablePointer<HTTPHeaders?>.allocate(capacity: count)
    private let values = UnsafeMutablePointer<Value?>.allocate(capacity: count)

    /// How many lists can be remembered at once. 64 connections' lists still meet by chance: in about four runs of
    /// ten one pair shares a slot, and those two connections (3 % of the polls) miss every time.
    static var count: Int { 1 << slotBits }
    private static var slotBits: Int { 12 }

    init() {
        addresses.initialize(repeating: nil, count: Self.count)
        lists.initialize(repeating: nil, count: Self.count)
        values.initialize(repeating: nil, count: Self.count)
    }

    deinit {
        addresses.deallocate()
        lists.deinitialize(count: Self.count)
        lists.deallocate()
        values.deinitialize(count: Self.count)
        values.deallocate()
    }

    /// The value last remembered for `headers`' list.
    func value(for headers: HTTPHeaders) -> Value? {
        let address = headers.storageAddress
        let slot = Self.slot(address)
        return address != nil && addresses[slot] == address ? values[slot] : nil
    }

    /// Remembers `value` for `headers`' list, in place of what its slot held.
    func remember(_ value: Value, for headers: HTTPHeaders) {
        let address = headers.storageAddress
        guard address != nil else { return }  // an empty list has no storage of its own to be known by
        let slot = Self.slot(address)
        addresses[slot] = address
        lists[slot] = headers
        values[slot] = value
    }

    /// Forgets every list and value, so that nothing they hold stays allocated (a reset of the sandbox).
    func removeAll() {
        addresses.update(repeating: nil, count: Self.count)
        lists.update(repeating: nil, count: Self.count)
        values.update(repeating: nil, count: Self.count)
    }

    /// The slot of a list at `address`: the top bits of the address times the golden ratio's 64-bit fraction
    /// (Fibonacci hashing), so that addresses a fixed allocation size apart spread over all the slots.
    private static func slot(_ address: UnsafeRawPointer?) -> Int {
        Int(truncatingIfNeeded: (UInt(bitPattern: address) &* 0x9E37_79B9_7F4A_7C15) >> (UInt.bitWidth - slotBits))
    }
}
