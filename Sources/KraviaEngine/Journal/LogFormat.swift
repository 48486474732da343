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
        var line = LogLineBuffer()
        var seconds = ISO8601SecondMemo()
        appendLogLine(format, to: &line, seconds: &seconds)
        return line.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the log line to `buffer`: the writer gathers a batch's lines in one buffer, with no string made
    /// per field, their timestamps through one `seconds` memo, and the text lines' fixed parts from `lines` (kept
    /// with `inference`, the writer's memo entry the ids came from, when there is one).
    func appendLogLine(
        _ format: LogFormat, to buffer: inout LogLineBuffer, seconds: inout ISO8601SecondMemo,
        lines: TextLogLineMemo? = nil, inference: SkimMemo.Inference? = nil
    ) {
        switch format {
        case .text:
            let line = lines?.line(of: record, inference: inference) ?? TextLogLine(record)
            line.append(record, to: &buffer, seconds: &seconds)
        case .json:
            var line = JSONSerializer.data(logJSON)
            line.append(0x0A)
            line.withUnsafeBytes { buffer.append($0) }
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

    /// `1.2ms` below 100 ms (tenths), `345ms` from there on; at most `durationMaximumLength` bytes (clamped to
    /// 10^15 ms, and a clock that measured no finite time writes 0).
    static func writeDuration(_ milliseconds: Double, to writer: inout ByteWriter) {
        // Compared one by one: `min` and `max` stayed generic calls here.
        let clamped = !(milliseconds > 0) || !milliseconds.isFinite ? 0 : milliseconds > 1e15 ? 1e15 : milliseconds
        if clamped < 100 {
            // Nearly every line's: digit by digit from the rounded tenths (`Int(x + 0.5)`, where `rounded()` called
            // the C library), with no table to look up and no loop.
            let tenths = Int(clamped * 10 + 0.5)
            let whole = tenths / 10
            if whole >= 100 {
                writer.writeLiteral("100.0ms")
                return
            }
            if whole >= 10 { writer.write(byte: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: whole / 10)) }
            writer.write(byte: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: whole % 10))
            writer.write(byte: UInt8(ascii: "."))
            writer.write(byte: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: tenths % 10))
        } else {
            let whole = Int(clamped.rounded())
            writer.writeDecimal(whole, digits: ByteWriter.decimalDigits(whole))
        }
        writer.writeLiteral("ms")
    }

    /// The longest duration `writeDuration` writes.
    static let durationMaximumLength = 18
}
