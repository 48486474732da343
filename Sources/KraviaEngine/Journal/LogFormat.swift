import SandboxHTTP
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
        var seconds = ISO8601SecondMemo()
        appendLogLine(format, to: &line, seconds: &seconds)
        return String(decoding: line, as: UTF8.self)
    }

    /// Appends the log line to `buffer`: the writer gathers a batch's lines in one buffer, with no string made
    /// per field, and its timestamps through one `seconds` memo.
    func appendLogLine(_ format: LogFormat, to buffer: inout [UInt8], seconds: inout ISO8601SecondMemo) {
        switch format {
        case .text: appendTextLogLine(to: &buffer, seconds: &seconds)
        case .json:
            buffer.append(contentsOf: JSONSerializer.data(logJSON))
            buffer.append(0x0A)
        }
    }

    /// The text line, written into memory measured for it and then appended at once: appending each field to
    /// the batch's buffer checked its capacity and uniqueness a dozen times a line.
    private func appendTextLogLine(to line: inout [UInt8], seconds: inout ISO8601SecondMemo) {
        let target = record.direction == .inbound ? record.path : record.url
        let attempt = record.attempt.map { String($0) }
        let reference = record.merchantReference.map(Self.quotedIfNeeded)
        let error = record.error.map(Self.quotedIfNeeded)
        let status = record.status.map { max(0, $0) }
        // An upper bound: each optional field counts the longest name, the duration 24 bytes.
        func optional(_ value: String?) -> Int {
            value.map { 1 + "merchant_reference=".utf8.count + $0.utf8.count } ?? 0
        }
        let length =
            Timestamp.iso8601MaximumLength + 1 + record.direction.rawValue.utf8.count + 1 + record.method.utf8.count
            + 1 + target.utf8.count + 1 + (status.map(ByteWriter.decimalDigits) ?? 3) + 1 + 24 + 1
            + optional(attempt) + optional(record.accountId) + optional(record.sessionId)
            + optional(record.transactionId) + optional(reference) + optional(error)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { buffer in
            var writer = ByteWriter(buffer)
            func field(_ text: String, after name: StaticString? = nil) {
                writer.write(byte: UInt8(ascii: " "))
                if let name { writer.writeLiteral(name) }
                writer.write(text)
            }
            writer.write(atMost: Timestamp.iso8601MaximumLength) { seconds.write(record.sandboxTime, into: $0) }
            field(record.direction.rawValue)
            field(record.method)
            field(target)
            writer.write(byte: UInt8(ascii: " "))
            if let status {
                writer.writeDecimal(status, digits: ByteWriter.decimalDigits(status))
            } else {
                writer.writeLiteral("ERR")
            }
            writer.write(byte: UInt8(ascii: " "))
            Self.writeDuration(record.durationMilliseconds, to: &writer)
            if let attempt { field(attempt, after: "attempt=") }
            if let accountId = record.accountId { field(accountId, after: "account=") }
            if let sessionId = record.sessionId { field(sessionId, after: "session=") }
            if let transactionId = record.transactionId { field(transactionId, after: "transaction=") }
            if let reference { field(reference, after: "merchant_reference=") }
            if let error { field(error, after: "error=") }
            writer.write(byte: 0x0A)
            line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<writer.written]))
        }
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

    /// `1.2ms` below 100 ms (tenths), `345ms` from there on; at most 18 bytes (clamped to 10^15 ms, and a clock
    /// that measured no finite time writes 0).
    static func writeDuration(_ milliseconds: Double, to writer: inout ByteWriter) {
        let clamped = milliseconds.isFinite ? min(max(milliseconds, 0), 1e15) : 0
        if clamped >= 100 {
            let whole = Int(clamped.rounded())
            writer.writeDecimal(whole, digits: ByteWriter.decimalDigits(whole))
        } else {
            let tenths = Int((clamped * 10).rounded())
            writer.writeDecimal(tenths / 10, digits: ByteWriter.decimalDigits(tenths / 10))
            writer.write(byte: UInt8(ascii: "."))
            writer.writeDecimal(tenths % 10, digits: 1)
        }
        writer.writeLiteral("ms")
    }

    /// Keeps one entry per line and fields split on spaces: values with spaces or quotes are JSON-quoted.
    private static func quotedIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != 0x7F }
        return plain ? text : JSONSerializer.string(.string(text))
    }
}
