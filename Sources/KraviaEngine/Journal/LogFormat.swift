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
        var parts = [
            record.sandboxTime.iso8601, record.direction.rawValue, record.method,
            record.direction == .inbound ? record.path : record.url,
            record.status.map(String.init) ?? "ERR", Self.formatDuration(record.durationMilliseconds),
        ]
        if let attempt = record.attempt { parts.append("attempt=\(attempt)") }
        if let accountId = record.accountId { parts.append("account=" + accountId) }
        if let sessionId = record.sessionId { parts.append("session=" + sessionId) }
        if let transactionId = record.transactionId { parts.append("transaction=" + transactionId) }
        if let reference = record.merchantReference {
            parts.append("merchant_reference=" + Self.quotedIfNeeded(reference))
        }
        if let error = record.error { parts.append("error=" + Self.quotedIfNeeded(error)) }
        return parts.joined(separator: " ") + "\n"
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
        let plain =
            !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0.value != 0x7F }
        return plain ? text : JSONSerializer.string(.string(text))
    }
}
