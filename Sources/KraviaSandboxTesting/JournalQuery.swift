import KraviaEngine
import SandboxHTTP
import SandboxSupport

/// Which journal entries to read or await; every criterion left nil matches everything.
public struct JournalQuery: Sendable, Equatable {
    /// Inbound requests or outbound callback attempts.
    public var direction: JournalRecord.Direction?
    /// The method, e.g. `POST`.
    public var method: String?
    /// A glob over the path: `*` any run (slashes included), `?` one character, `[a-z]` sets.
    public var path: String?
    /// A status (`"200"`) or a class (`"5xx"`).
    public var status: String?
    /// The account.
    public var accountId: String?
    /// The session.
    public var sessionId: String?
    /// The transaction.
    public var transactionId: String?
    /// The merchant reference.
    public var merchantReference: String?
    /// Only entries after this sequence number.
    public var after: Int?
    /// At most this many entries (reads only).
    public var limit: Int?

    /// Creates a query; name only the criteria you need.
    public init(
        direction: JournalRecord.Direction? = nil, method: String? = nil, path: String? = nil, status: String? = nil,
        accountId: String? = nil, sessionId: String? = nil, transactionId: String? = nil,
        merchantReference: String? = nil, after: Int? = nil, limit: Int? = nil
    ) {
        self.direction = direction
        self.method = method
        self.path = path
        self.status = status
        self.accountId = accountId
        self.sessionId = sessionId
        self.transactionId = transactionId
        self.merchantReference = merchantReference
        self.after = after
        self.limit = limit
    }

    /// The criteria as the API names them.
    var items: [(name: String, value: String)] {
        let pairs: [(String, String?)] = [
            ("direction", direction?.rawValue), ("method", method), ("path", path), ("status", status),
            ("account_id", accountId), ("session_id", sessionId), ("transaction_id", transactionId),
            ("merchant_reference", merchantReference), ("after", after.map(String.init)),
            ("limit", limit.map(String.init)),
        ]
        return pairs.compactMap { name, value in value.map { (name, $0) } }
    }

    /// `?direction=…&…`, or empty.
    var queryString: String {
        let items = items
        return items.isEmpty ? "" : "?" + FormEncoding.serialize(items)
    }

    /// The `filter` object of an await.
    var json: JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: items.filter { $0.name != "limit" }.map { ($0.name, JSONValue.string($0.value)) })
        )
    }
}
