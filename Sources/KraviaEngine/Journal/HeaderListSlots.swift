import SandboxHTTP

/// Values remembered per request header list, for one thread (the journal writer's memos).
///
/// A keep-alive client repeating its head shares the previous request's list (`HTTPRequestParser`), so each
/// connection polling finds its own value, where one "last value" was another connection's under concurrent polls.
/// Found by the list's storage address: a dictionary's hashing cost as much as the comparisons it saved. Lists that
/// meet in one place take turns, each missing every time: with 256 direct-mapped slots picked by the address's low
/// bits, 22 % of 64 connections' polls missed (callgrind, 64 connections taking turns, 4,000 GETs); with 4,096
/// slots by Fibonacci hashing, one pair of 64 lists still met in about four runs of ten. So the slots are sets of two:
/// a list is looked for in its set's two slots, a new one takes the newer slot and the list there moves to the older
/// (whose list goes), and missing every time takes three lists in one set (64 lists: about one run in a hundred, by
/// the odds).
/// Each slot holds its list, so the storage cannot be freed and reused by another list while it keys a value.
///
/// The slots are memory of their own, not a stored array: a lookup compares addresses and retains one value, where
/// reading a slot of an array property was checked for exclusivity and copied its list and value out.
final class HeaderListSlots<Value: AnyObject> {
    private let addresses = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: count)
    private let lists = UnsafeMutablePointer<HTTPHeaders?>.allocate(capacity: count)
    private let values = UnsafeMutablePointer<Value?>.allocate(capacity: count)

    /// How many lists can be remembered at once: two in each of `setCount` sets.
    static var count: Int { 2 * setCount }
    /// How many sets of two slots there are.
    static var setCount: Int { 1 << setBits }
    private static var setBits: Int { 11 }

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
        guard let address = headers.storageAddress else { return nil }
        let newer = 2 &* Self.set(of: address)
        if addresses[newer] == address { return values[newer] }
        if addresses[newer &+ 1] == address { return values[newer &+ 1] }
        return nil
    }

    /// Remembers `value` for `headers`' list: in place of the list's own value, or in its set's newer slot, whose
    /// list and value move to the older one in place of what that held.
    func remember(_ value: Value, for headers: HTTPHeaders) {
        // An empty list has no storage of its own to be known by.
        guard let address = headers.storageAddress else { return }
        let newer = 2 &* Self.set(of: address), older = newer &+ 1
        var slot = newer
        if addresses[older] == address {
            slot = older
        } else if addresses[newer] != address {
            addresses[older] = addresses[newer]
            swap(&lists[newer], &lists[older])
            swap(&values[newer], &values[older])
        }
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

    /// The set of a list at `address`: the top bits of the address times the golden ratio's 64-bit fraction
    /// (Fibonacci hashing), so that addresses a fixed allocation size apart spread over all the sets.
    static func set(of address: UnsafeRawPointer) -> Int {
        Int(truncatingIfNeeded: (UInt(bitPattern: address) &* 0x9E37_79B9_7F4A_7C15) >> (UInt.bitWidth - setBits))
    }
}
