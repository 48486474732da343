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
        var line: [UInt8] = []
        appendLogLine(format, to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// Appends the log line to `buffer`: the writer gathers a batch's lines in one buffer, with no string made
    /// per field.
    func appendLogLine(_ format: LogFormat, to buffer: inout [UInt8]) {
        switch format {
        case .text: appendTextLogLine(to: &buffer)
        case .json:
            buffer.append(contentsOf: JSONSerializer.data(logJSON))
            buffer.append(0x0A)
        }
    }

    private func appendTextLogLine(to line: inout [UInt8]) {
        func field(_ text: String, after name: StaticString? = nil) {
            line.append(UInt8(ascii: " "))
            if let name {
                line.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            }
            // Copied whole: appending a `String.UTF8View` goes byte by byte.
            var text = text
            text.withUTF8 { line.append(contentsOf: $0) }
        }
        record.sandboxTime.appendISO8601(to: &line)
        field(record.direction.rawValue)
        field(record.method)
        field(record.direction == .inbound ? record.path : record.url)
        line.append(UInt8(ascii: " "))
        if let status = record.status { line.appendDecimal(status) } else { line += "ERR".utf8 }
        line.append(UInt8(ascii: " "))
        Self.appendDuration(record.durationMilliseconds, to: &line)
        if let attempt = record.attempt { field(String(attempt), after: "attempt=") }
        if let accountId = record.accountId { field(accountId, after: "account=") }
        if let sessionId = record.sessionId { field(sessionId, after: "session=") }
        if let transactionId = record.transactionId { field(transactionId, after: "transaction=") }
        if let reference = record.merchantReference {
            field(Self.quotedIfNeeded(reference), after: "merchant_reference=")
        }
        if let error = record.error { field(Self.quotedIfNeeded(error), after: "error=") }
        line.append(0x0A)
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

    /// `1.2ms` below 100 ms (tenths), `345ms` from there on.
    static func appendDuration(_ milliseconds: Double, to bytes: inout [UInt8]) {
        if milliseconds >= 100 {
            bytes.appendDecimal(Int(milliseconds.rounded()))
        } else {
            let tenths = Int((milliseconds * 10).rounded())
            bytes.appendDecimal(tenths / 10)
            bytes.append(UInt8(ascii: "."))
            bytes.appendDecimal(tenths % 10)
        }
        bytes += "ms".utf8
    }

    /// Keeps one entry per line and fields split on spaces: values with spaces or quotes are JSON-quoted.
    private static func quotedIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != 0x7F }
        return plain ? text : JSONSerializer.string(.string(text))
    }
}
