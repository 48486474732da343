import SandboxHTTP
import SandboxSupport

/// A text log line apart from its time and duration, and what it was written from.
///
/// Everything between the time and the duration (` inbound GET /v1/transactions/… 200 `) and after it (the ids,
/// the newline) is the same for every poll of one transaction on one connection: the writer keeps it per header
/// list (`TextLogLineMemo`) and writes only the two parts that change.
final class TextLogLine {
    private let direction: ExchangeRecord.Direction
    private let method: String
    private let target: String
    private let status: Int?
    private let attempt: Int?
    private let accountId: String?
    private let sessionId: String?
    private let transactionId: String?
    private let merchantReference: String?
    private let error: String?
    /// The bytes between the time and the duration, spaces around them included.
    private let middle: [UInt8]
    /// The bytes after the duration: the optional fields and the newline.
    private let tail: [UInt8]

    /// The parts of `record`'s line.
    init(_ record: ExchangeRecord) {
        direction = record.direction
        method = record.method
        target = Self.target(of: record)
        status = record.status
        attempt = record.attempt
        accountId = record.accountId
        sessionId = record.sessionId
        transactionId = record.transactionId
        merchantReference = record.merchantReference
        error = record.error
        var middle: [UInt8] = []
        for part in [direction.rawValue, method, target, status.map { String(max(0, $0)) } ?? "ERR"] {
            middle.append(UInt8(ascii: " "))
            middle.append(contentsOf: part.utf8)
        }
        middle.append(UInt8(ascii: " "))
        self.middle = middle
        var tail: [UInt8] = []
        let fields = [
            ("attempt=", attempt.map { String($0) }), ("account=", accountId), ("session=", sessionId),
            ("transaction=", transactionId), ("merchant_reference=", merchantReference.map(Self.quotedIfNeeded)),
            ("error=", error.map(Self.quotedIfNeeded)),
        ]
        for case let (name, value?) in fields {
            tail.append(UInt8(ascii: " "))
            tail.append(contentsOf: name.utf8)
            tail.append(contentsOf: value.utf8)
        }
        tail.append(0x0A)
        self.tail = tail
    }

    /// The request's path, or a callback's URL.
    private static func target(of record: ExchangeRecord) -> String {
        record.direction == .inbound ? record.path : record.url
    }

    /// Whether `record`'s line has these parts. Compared field by field: strings sharing storage (a polled path, ids
    /// the inference memo handed on) compare without reading their bytes.
    func isLine(of record: ExchangeRecord) -> Bool {
        record.direction == direction && record.method == method && record.status == status
            && record.attempt == attempt && record.accountId == accountId && record.sessionId == sessionId
            && record.transactionId == transactionId && record.merchantReference == merchantReference
            && record.error == error && Self.target(of: record) == target
    }

    /// Whether `record` has this line, when both were read like the inference the line hangs on
    /// (`SkimMemo.Inference.textLogLine`): the same path, address and bodies (`readsLike`), so the same target and
    /// the ids handed on from it. Only what that reading leaves open is compared (each field read through the record
    /// retained and released it: the whole comparison was a sixth of the writer's work on a poll).
    func isLine(ofExchangeReadLikeItsInference record: ExchangeRecord) -> Bool {
        record.direction == direction && record.method == method && record.status == status
            && record.attempt == attempt && record.error == error
    }

    /// Appends the line with `record`'s time and duration to `buffer`, written where it goes.
    func append(_ record: ExchangeRecord, to buffer: inout LogLineBuffer, seconds: inout ISO8601SecondMemo) {
        let maximum = Timestamp.iso8601MaximumLength + middle.count + JournalEntry.durationMaximumLength + tail.count
        buffer.write(atMost: maximum) { writer in
            writer.write(atMost: Timestamp.iso8601MaximumLength) { seconds.write(record.sandboxTime, into: $0) }
            writer.write(middle)
            JournalEntry.writeDuration(record.durationMilliseconds, to: &writer)
            writer.write(tail)
        }
    }

    /// Keeps one entry per line and fields split on spaces: values with spaces or quotes are JSON-quoted.
    private static func quotedIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != 0x7F }
        return plain ? text : JSONSerializer.string(.string(text))
    }
}

/// The journal writer's text log lines, by request header list: a connection polling one transaction finds its line.
final class TextLogLineMemo {
    private let lines = HeaderListSlots<TextLogLine>()

    /// Forgets every line.
    func forget() {
        lines.removeAll()
    }

    /// The parts of `record`'s line: remembered for its header list if they match, made (and remembered) if not.
    /// - Parameter inference: the writer's inference `record`'s ids came from (`SkimMemo`), which keeps the line
    ///   itself: the poll it was made for was found once already, by the same list.
    func line(of record: ExchangeRecord, inference: SkimMemo.Inference? = nil) -> TextLogLine {
        if let inference {
            if let line = inference.textLogLine, line.isLine(ofExchangeReadLikeItsInference: record) { return line }
            let line = TextLogLine(record)
            inference.textLogLine = line
            return line
        }
        if let line = lines.value(for: record.requestHeaders), line.isLine(of: record) { return line }
        let line = TextLogLine(record)
        lines.remember(line, for: record.requestHeaders)
        return line
    }
}
