import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The journal writer's memo of text log lines: a repeated exchange on one connection reuses its line's parts,
/// and an exchange differing in any field the line shows gets a line of its own, written as without the memo.
struct TextLogLineMemoTests {
    /// One connection's header list, shared by its exchanges.
    private static let headers: HTTPHeaders = ["Authorization": "Bearer token", "Host": "h"]

    private static func record(
        direction: ExchangeRecord.Direction = .inbound, method: String = "GET",
        path: String = "/v1/transactions/T12345678.t1", status: Int? = 200, milliseconds: Double = 1.25,
        time: String = "2027-01-05T10:00:00.125Z", accountId: String? = "T12345678",
        sessionId: String? = "T12345678.s1", transactionId: String? = "T12345678.t1",
        merchantReference: String? = "order-1", error: String? = nil, attempt: Int? = nil,
        headers: HTTPHeaders? = nil
    ) -> ExchangeRecord {
        let now = Timestamp(iso8601: time)!
        var record = ExchangeRecord(
            direction: direction, method: method, url: "https://shop.example\(path)", path: path,
            requestHeaders: headers ?? Self.headers, status: status, wallTime: now, sandboxTime: now,
            durationMilliseconds: milliseconds, accountId: accountId, sessionId: sessionId,
            transactionId: transactionId, merchantReference: merchantReference, error: error, attempt: attempt)
        record.identifiersInferred = true
        return record
    }

    private func line(_ record: ExchangeRecord, memo: TextLogLineMemo? = nil) -> String {
        var bytes = LogLineBuffer()
        var seconds = ISO8601SecondMemo()
        JournalEntry(seq: 1, record: record).appendLogLine(.text, to: &bytes, seconds: &seconds, lines: memo)
        return bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aRepeatedExchangeReusesItsPartsWithItsOwnTimeAndDuration() {
        let memo = TextLogLineMemo()
        let first = Self.record()
        #expect(
            line(first, memo: memo)
                == "2027-01-05T10:00:00.125Z inbound GET /v1/transactions/T12345678.t1 200 1.3ms account=T12345678 "
                + "session=T12345678.s1 transaction=T12345678.t1 merchant_reference=order-1\n")
        let later = Self.record(milliseconds: 345.4, time: "2027-01-05T10:00:01.500Z")
        #expect(memo.line(of: later) === memo.line(of: first))
        #expect(line(later, memo: memo) == line(later))
        #expect(line(later, memo: memo).hasPrefix("2027-01-05T10:00:01.500Z inbound GET /v1/transactions/"))
        #expect(line(later, memo: memo).contains(" 200 345ms account="))
    }

    /// Each exchange differs from the first in one field the line shows, on the same connection's header list.
    @Test(
        arguments: [
            ("direction", record(direction: .outbound)), ("method", record(method: "HEAD")),
            ("path", record(path: "/v1/transactions/T12345678.t2")), ("status", record(status: 404)),
            ("no status", record(status: nil)), ("account", record(accountId: "T87654321")),
            ("session", record(sessionId: nil)), ("transaction", record(transactionId: "T12345678.t2")),
            ("reference", record(merchantReference: "order 2")), ("error", record(error: "reset")),
            ("attempt", record(attempt: 2)),
        ] as [(String, ExchangeRecord)])
    func anExchangeDifferingInAnyShownFieldGetsItsOwnLine(field: String, other: ExchangeRecord) {
        let memo = TextLogLineMemo()
        let first = Self.record()
        _ = line(first, memo: memo)
        #expect(line(other, memo: memo) == line(other), "\(field)")
        #expect(line(other, memo: memo) != line(first, memo: memo), "\(field)")
        #expect(line(first, memo: memo) == line(first), "\(field)")
    }

    /// Another connection's list with the same fields is not that list's line, and is written alike.
    @Test func eachHeaderListKeepsItsOwnLine() {
        let memo = TextLogLineMemo()
        let lists: [HTTPHeaders] = (1...3).map { ["Authorization": "Bearer token-\($0)"] }
        let records = lists.enumerated().map { index, headers in
            Self.record(transactionId: "T12345678.t\(index)", headers: headers)
        }
        let parts = records.map { memo.line(of: $0) }
        for (record, part) in zip(records, parts) {
            #expect(memo.line(of: record) === part)
            #expect(line(record, memo: memo) == line(record))
        }
    }

    /// A polled exchange's line is kept with the inference its ids came from: the next poll, answered from that
    /// inference, finds its line there; a poll answered alike but with another status gets a line of its own.
    @Test func aPollsLineIsKeptWithTheInferenceItsIdsCameFrom() {
        func poll(status: Int) -> ExchangeRecord {
            let now = Timestamp(iso8601: "2027-01-05T10:00:00.125Z")!
            let body = #"{"id":"T12345678.t1","merchant_reference":"order-1","session_id":"T12345678.s1"}"#
            return ExchangeRecord(
                direction: .inbound, method: "GET", url: "http://h/v1/transactions/T12345678.t1",
                path: "/v1/transactions/T12345678.t1", requestHeaders: Self.headers, status: status,
                responseHeaders: ["Content-Type": "application/json"], responseBody: Data(body.utf8), wallTime: now,
                sandboxTime: now, durationMilliseconds: 2)
        }
        let skims = SkimMemo()
        let memo = TextLogLineMemo()
        var first = poll(status: 200)
        let remembered = first.inferIdentifiers(memo: skims)
        #expect(remembered != nil)
        let line = memo.line(of: first, inference: remembered)
        #expect(remembered?.textLogLine === line)
        var second = poll(status: 200)
        let found = second.inferIdentifiers(memo: skims)
        #expect(found === remembered)
        #expect(memo.line(of: second, inference: found) === line)
        #expect(self.line(second, memo: memo) == self.line(second))
        var failed = poll(status: 500)
        let alike = failed.inferIdentifiers(memo: skims)
        #expect(alike === remembered)
        #expect(memo.line(of: failed, inference: alike) !== line)
        var bytes = LogLineBuffer()
        var seconds = ISO8601SecondMemo()
        JournalEntry(seq: 1, record: failed).appendLogLine(
            .text, to: &bytes, seconds: &seconds, lines: memo, inference: alike)
        let text = bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(text == self.line(failed))
        #expect(text.contains(" 500 2.0ms account=T12345678 session=T12345678.s1 "))
    }
}
