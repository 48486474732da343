/// What a handler keeps between the requests of one connection. A keep-alive client sends the same request line
/// and credentials again and again (a merchant polling a transaction), and what the handler worked out from them
/// last time can be found equal and used again instead of being worked out anew.
///
/// One per connection, made with it. The connection's requests are handled one at a time, each on the worker
/// that holds the connection then (handed between workers under the server's locks), so `value` needs no lock of
/// its own; a handler must not use it after its call returns.
public final class ConnectionMemo: @unchecked Sendable {
    /// The handler's own record, nil until it keeps one.
    @exclusivity(unchecked) public var value: AnyObject?

    /// The handler's record when it is a `Value`, made by `make` (and kept) when there is none or it is not.
    ///
    /// The record's type is compared as a metadata pointer and the record handed out without a cast: `as?` on
    /// `value` from the handler's module was a dynamic cast, an exclusivity check and three retains a request.
    public func value<Value: AnyObject>(orMake make: () -> Value) -> Value {
        if let value, ObjectIdentifier(type(of: value)) == ObjectIdentifier(Value.self) {
            return unsafeDowncast(value, to: Value.self)
        }
        let made = make()
        value = made
        return made
    }

    /// A memo for a new connection (the transport makes one per connection; a handler's tests, to stand for one).
    public init() {}
}
