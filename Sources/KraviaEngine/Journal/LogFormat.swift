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
    /// per field, their timestamps through one `seconds` memo, and the text lines' fixed parts from `lines` (kept
    /// with `inference`, the writer's memo entry the ids came from, when there is one).
    func appendLogLine(
        _ format: LogFormat, to buffer: inout [UInt8], seconds: inout ISO8601SecondMemo, lines: TextLogLineMemo? = nil,
        inference: SkimMemo.Inference? = nil
    ) {
        switch format {
        case .text:
            let line = lines?.line(of: record, inference: inference) ?? TextLogLine(record)
            line.append(record, to: &buffer, seconds: &seconds)
        case .json:
            buffer.append(contentsOf: JSONSerializer.data(logJSON))
            buffer.append(0x0A)
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
        let clamped = milliseconds.isFinite ? min(max(milliseconds, 0), 1e15) : 0
        let tenths = clamped < 100 ? Int((clamped * 10).rounded()) : Int.max
        if tenths < shortDurations.count {
            // Nearly every line's: its bytes copied whole from the table (written digit by digit, 267 instructions).
            let packed = shortDurations[tenths]
            withUnsafeBytes(of: packed) { writer.write(UnsafeRawBufferPointer(rebasing: $0[..<Int(packed >> 56)])) }
            return
        }
        if clamped >= 100 {
            let whole = Int(clamped.rounded())
            writer.writeDecimal(whole, digits: ByteWriter.decimalDigits(whole))
        } else {
            writer.writeDecimal(tenths / 10, digits: ByteWriter.decimalDigits(tenths / 10))
            writer.write(byte: UInt8(ascii: "."))
            writer.writeDecimal(tenths % 10, digits: 1)
        }
        writer.writeLiteral("ms")
    }

    /// `0.0ms` to `99.9ms` by tenths, each packed in a word: its bytes in order from the lowest, its length in the
    /// highest byte (on a little-endian machine, as Linux's are).
    private static let shortDurations: [UInt64] = (0..<1000).map { tenths in
        let text = Array("\(tenths / 10).\(tenths % 10)ms".utf8)
        var packed = UInt64(text.count) << 56
        for (index, byte) in text.enumerated() { packed |= UInt64(byte) << (8 * UInt64(index)) }
        return packed
    }

    /// The longest duration `writeDuration` writes.
    static let durationMaximumLength = 18
}
