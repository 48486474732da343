import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The journal writer's memo: a polled exchange's ids are those read the first time, and whatever differs is read
/// again, with the same result as inference without a memo.
struct SkimMemoTests {
    private func poll(_ transactionId: String, reference: String, path: String? = nil) -> ExchangeRecord {
        let now = Timestamp(milliseconds: 0)
        let body = #"{"id":"\#(transactionId)","merchant_reference":"\#(reference)","session_id":"T12345678.s1"}"#
        let target = path ?? "/v1/transactions/\(transactionId)"
        return ExchangeRecord(
            direction: .inbound, method: "GET", url: "http://h\(target)", path: target,
            requestHeaders: ["Authorization": "Bearer not-a-jwt"], status: 200,
            responseHeaders: ["Content-Type": "application/json; charset=utf-8"], responseBody: Data(body.utf8),
            wallTime: now, sandboxTime: now, durationMilliseconds: 0)
    }

    private func ids(_ record: ExchangeRecord) -> [String?] {
        [record.accountId, record.sessionId, record.transactionId, record.merchantReference]
    }

    private func inferred(_ record: ExchangeRecord, memo: SkimMemo? = nil) -> [String?] {
        var record = record
        record.inferIdentifiers(memo: memo)
        return ids(record)
    }

    @Test func aRepeatedExchangeGetsTheIdsOfTheFirstAndAChangedOneIsReadAgain() {
        let memo = SkimMemo()
        let first = poll("T12345678.t1", reference: "order-1")
        #expect(inferred(first, memo: memo) == ["T12345678", "T12345678.s1", "T12345678.t1", "order-1"])
        // The memo took the exchange (its body was skimmed), so the next identical one is answered from it.
        #expect(memo.lastInference?.path == first.path)
        #expect(memo.lastInference?.transactionId == "T12345678.t1")
        #expect(inferred(first, memo: memo) == inferred(first))
        // The same path with another body (the transaction changed), another path, another account's body.
        for changed in [
            poll("T12345678.t1", reference: "order-2"), poll("T12345678.t2", reference: "order-1"),
            poll("T87654321.t1", reference: "order-1", path: "/v1/transactions/T12345678.t1"),
        ] {
            #expect(inferred(changed, memo: memo) == inferred(changed))
        }
        #expect(inferred(first, memo: memo) == inferred(first))
    }

    @Test func anExchangeNamingItsOwnIdsIsNotAnsweredFromTheMemo() {
        let memo = SkimMemo()
        let first = poll("T12345678.t1", reference: "order-1")
        _ = inferred(first, memo: memo)
        var callback = first
        callback.merchantReference = "from-the-callback"
        #expect(inferred(callback, memo: memo)[3] == "from-the-callback")
    }
}
