import SandboxSupport

/// How the sandbox logs each request and callback attempt to stderr (`--log text|json`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// One readable line: `2027-01-05T10:00:00.000Z inbound POST /v1/sessions-profile 200 1.2ms session=…`.
    case text
    /// One JSON object per line, without bodies.
    case json
}

extension JournalEntry {
    /// The log line for this entry, newline included; `seq` 0 marks a request that is logged but not journaled.
    func logLine(_ format: LogFormat) -> String {
        switch format {
        case .text: textLogLine
        case .json: JSONSerializer.string(logJSON) + "\n"
        }
    }

    private var textLogLine: String {
        var line = record.sandboxTime.iso8601
        line.reserveCapacity(160)
        func field(_ text: String) {
            line.append(" ")
            line.append(text)
        }
        field(record.direction.rawValue)
        field(record.method)
        field(record.direction == .inbound ? record.path : record.url)
        field(record.status.map(String.init) ?? "ERR")
        field(Self.formatDuration(record.durationMilliseconds))
        if let attempt = record.attempt { field("attempt=" + String(attempt)) }
        if let accountId = record.accountId { field("account=" + accountId) }
        if let sessionId = record.sessionId { field("session=" + sessionId) }
        if let transactionId = record.transactionId { field("transaction=" + transactionId) }
        if let reference = record.merchantReference { field("merchant_reference=" + Self.quotedIfNeeded(reference)) }
        if let error = record.error { field("error=" + Self.quotedIfNeeded(error)) }
        line.append("\n")
        return line
    }

    private var logJSON: JSONValue {
        .object(dropping: [
            "time": .string(record.sandboxTime.iso8601),
            "wall_time": .string(record.wallTime.iso8601),
            "seq": seq > 0 ? .int(Int64(seq)) : nil,
            "direction": .string(record.direction.rawValue),
            "method": .string(record.method),
            "path": .string(record.path),
            "url": .string(record.url),
            "status": record.status.map { .int(Int64($0)) },
            "duration_ms": .double(Self.rounded(record.durationMilliseconds)),
            "account_id": record.accountId.map(JSONValue.string),
            "session_id": record.sessionId.map(JSONValue.string),
            "transaction_id": record.transactionId.map(JSONValue.string),
            "merchant_reference": record.merchantReference.map(JSONValue.string),
            "attempt": record.attempt.map { .int(Int64($0)) },
            "error": record.error.map(JSONValue.string),
        ])
    }

    static func formatDuration(_ milliseconds: Double) -> String {
        if milliseconds >= 100 { return "\(Int(milliseconds.rounded()))ms" }
        let tenths = Int((milliseconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)ms"
    }

    /// Keeps one entry per line and fields split on spaces: values with spaces or quotes are JSON-quoted.
    private static func quotedIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != 0x7F }
        return plain ? text : JSONSerializer.string(.string(text))
    }
}
