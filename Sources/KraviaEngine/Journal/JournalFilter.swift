import SandboxHTTP
import SandboxSupport

/// Which journal entries a read or an await is about; every criterion left nil matches everything.
struct JournalFilter: Sendable {
    /// A status criterion: one code (`404`) or a class (`5xx`).
    enum StatusCriterion: Sendable, Equatable, CustomStringConvertible {
        case exactly(Int)
        case inClass(Int)

        init?(_ text: String) {
            let lowered = text.lowercased()
            if lowered.count == 3, lowered.hasSuffix("xx"), let digit = Int(lowered.prefix(1)), (1...5).contains(digit)
            {
                self = .inClass(digit)
            } else if let code = Int(text), (100...599).contains(code) {
                self = .exactly(code)
            } else {
                return nil
            }
        }

        func matches(_ status: Int?) -> Bool {
            guard let status else { return false }
            switch self {
            case .exactly(let code): return status == code
            case .inClass(let digit): return status / 100 == digit
            }
        }

        var description: String {
            switch self {
            case .exactly(let code): "\(code)"
            case .inClass(let digit): "\(digit)xx"
            }
        }
    }

    var direction: ExchangeRecord.Direction?
    var method: String?
    var path: Glob?
    var status: StatusCriterion?
    var accountId: String?
    var sessionId: String?
    var transactionId: String?
    var merchantReference: String?
    /// Only entries with a greater sequence number.
    var after: Int?
    /// At most this many entries (the oldest that match); reads only.
    var limit: Int?

    /// Whether `entry` meets every criterion; allocation-free, as it runs for each waiter on every record.
    func matches(_ entry: JournalEntry) -> Bool {
        withUnsafePointer(to: entry) { matches(at: $0) }
    }

    /// The same, reading each field where the entry stands: a query looks at every entry of a full journal, and
    /// any copy of an entry (a `let`, or passing it on) retains its dozen references — with a few queries at once,
    /// half the server's time went to those counts.
    func matches(at entry: UnsafePointer<JournalEntry>) -> Bool {
        if let after, entry.pointee.seq <= after { return false }
        if let direction, entry.pointee.record.direction != direction { return false }
        if let method, entry.pointee.record.method.uppercased() != method { return false }
        if let status, !status.matches(entry.pointee.record.status) { return false }
        if let accountId, entry.pointee.record.accountId != accountId { return false }
        if let sessionId, entry.pointee.record.sessionId != sessionId { return false }
        if let transactionId, entry.pointee.record.transactionId != transactionId { return false }
        if let merchantReference, entry.pointee.record.merchantReference != merchantReference { return false }
        if let path, !path.matches(entry.pointee.record.path) { return false }
        return true
    }

    /// Why `entry` does not match, one phrase per failed criterion (empty when it matches).
    func mismatches(_ entry: JournalEntry) -> [String] {
        let record = entry.record
        var reasons: [String] = []
        func compare(_ name: String, _ actual: String?, _ expected: String?) {
            guard let expected, actual != expected else { return }
            reasons.append("\(name) \(actual ?? "none") ≠ \(expected)")
        }
        if let after, entry.seq <= after { reasons.append("seq \(entry.seq) ≤ after \(after)") }
        compare("direction", record.direction.rawValue, direction?.rawValue)
        compare("method", record.method.uppercased(), method)
        if let path, !path.matches(record.path) { reasons.append("path \(record.path) does not match \(path)") }
        if let status, !status.matches(record.status) {
            reasons.append(
                "status \(record.status.map(String.init) ?? "none (\(record.error ?? "no response"))") ≠ \(status)")
        }
        compare("account_id", record.accountId, accountId)
        compare("session_id", record.sessionId, sessionId)
        compare("transaction_id", record.transactionId, transactionId)
        compare("merchant_reference", record.merchantReference, merchantReference)
        return reasons
    }
}

extension JournalFilter {
    /// The filter keys, as query parameters and as the `filter` object of an await.
    static let keys = [
        "direction", "method", "path", "status", "account_id", "session_id", "transaction_id", "merchant_reference",
        "after", "limit",
    ]

    /// The longest `path` pattern, in bytes: the server's request-line limit.
    static let longestPathPattern = HTTPLimits().maxRequestLineLength

    /// Reads a filter from `GET /__sandbox/journal` query parameters.
    /// - Throws: a 400 naming each malformed parameter.
    init(query: [(name: String, value: String)]) throws(APIError) {
        var values: [String: String] = [:]
        for (name, value) in query where values[name] == nil { values[name] = value }
        try self.init(values: values, location: "")
    }

    /// Reads a filter from the `filter` object of `POST /__sandbox/journal/await`; numbers may be JSON numbers.
    /// - Throws: a 400 naming each malformed or unknown key.
    init(json: JSONValue?) throws(APIError) {
        guard let json, !json.isNull else {
            self.init()
            return
        }
        guard let object = json.objectValue else {
            throw .invalid("filter", "expected an object, got \(json.typeName)")
        }
        var values: [String: String] = [:]
        var unknown: [FieldError] = []
        for (key, value) in object {
            guard Self.keys.contains(key) else {
                unknown.append(
                    FieldError(
                        "filter.\(key)", "unknown filter key; expected one of \(Self.keys.joined(separator: ", "))"))
                continue
            }
            switch value {
            case .string(let text): values[key] = text
            case .int(let number): values[key] = String(number)
            case .null: break
            default: unknown.append(FieldError("filter.\(key)", "expected a string or a number, got \(value.typeName)"))
            }
        }
        if !unknown.isEmpty { throw .validation(unknown) }
        try self.init(values: values, location: "filter.")
    }

    private init(values: [String: String], location: String) throws(APIError) {
        self.init()
        var errors: [FieldError] = []
        if let text = values["direction"] {
            direction = ExchangeRecord.Direction(rawValue: text)
            if direction == nil {
                errors.append(FieldError(location + "direction", "expected inbound or outbound, got \"\(text)\""))
            }
        }
        method = values["method"].map { $0.uppercased() }
        if let text = values["path"] {
            // Matching costs pattern × path per entry; no path the sandbox records is longer than a request line.
            if text.utf8.count > Self.longestPathPattern {
                errors.append(
                    FieldError(
                        location + "path", "expected at most \(Self.longestPathPattern) bytes, got \(text.utf8.count)"))
            } else {
                path = Glob(text)
            }
        }
        if let text = values["status"] {
            status = StatusCriterion(text)
            if status == nil {
                errors.append(
                    FieldError(
                        location + "status", "expected a status code like 200 or a class like 5xx, got \"\(text)\""))
            }
        }
        accountId = values["account_id"]
        sessionId = values["session_id"]
        transactionId = values["transaction_id"]
        merchantReference = values["merchant_reference"]
        if let text = values["after"] {
            after = Int(text)
            if after == nil || after! < 0 {
                errors.append(
                    FieldError(location + "after", "expected a sequence number (integer ≥ 0), got \"\(text)\""))
            }
        }
        if let text = values["limit"] {
            limit = Int(text)
            if limit == nil || limit! < 1 {
                errors.append(FieldError(location + "limit", "expected an integer ≥ 1, got \"\(text)\""))
            }
        }
        if !errors.isEmpty { throw .validation(errors) }
    }
}
