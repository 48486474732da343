import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The journal writer's memo: a polled exchange's ids are those read the first time, and whatever differs is read
/// again, with the same result as inference without a memo.
struct SkimMemoTests {
    private func poll(
        _ transactionId: String, reference: String, path: String? = nil,
        headers: HTTPHeaders = ["Authorization": "Bearer not-a-jwt"]
    ) -> ExchangeRecord {
        let now = Timestamp(milliseconds: 0)
        let body = #"{"id":"\#(transactionId)","merchant_reference":"\#(reference)","session_id":"T12345678.s1"}"#
        let target = path ?? "/v1/transactions/\(transactionId)"
        return ExchangeRecord(
            direction: .inbound, method: "GET", url: "http://h\(target)", path: target,
            requestHeaders: headers, status: 200,
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
        #expect(memo.inference(for: first.requestHeaders)?.path == first.path)
        #expect(memo.inference(for: first.requestHeaders)?.identifiers?.transactionId == "T12345678.t1")
        #expect(inferred(first, memo: memo) == inferred(first))
        // On the same connection (the same header list, so the memo's entry is found): the same path with another
        // body (the transaction changed), another path, another account's body.
        let headers = first.requestHeaders
        for changed in [
            poll("T12345678.t1", reference: "order-2", headers: headers),
            poll("T12345678.t2", reference: "order-1", headers: headers),
            poll("T87654321.t1", reference: "order-1", path: "/v1/transactions/T12345678.t1", headers: headers),
        ] {
            #expect(inferred(changed, memo: memo) == inferred(changed))
        }
        #expect(inferred(first, memo: memo) == inferred(first))
    }

    /// A poll answered from the memo shares the inference's ids (one reference handed on, not four strings); a body
    /// with the same bytes in other storage is still recognised, and the same length with other bytes is not.
    @Test func aPollSharesTheIdsOfTheInferenceItIsReadLike() {
        let memo = SkimMemo()
        let first = poll("T12345678.t1", reference: "order-1")
        _ = inferred(first, memo: memo)
        var again = first
        let inference = again.inferIdentifiers(memo: memo)
        #expect(inference != nil)
        #expect(again.identifiers === inference?.identifiers)
        let body = first.responseBody
        let remembered = RememberedBody(body)
        #expect(remembered.holdsTheBytes(of: body))
        #expect(remembered.holdsTheBytes(of: Data(Array(body))))
        var changed = Array(body)
        changed[changed.count - 3] ^= 1
        #expect(!remembered.holdsTheBytes(of: Data(changed)))
        #expect(RememberedBody(Data()).holdsTheBytes(of: Data()))
        #expect(!RememberedBody(Data()).holdsTheBytes(of: Data([0x7B])))
    }

    @Test func anExchangeNamingItsOwnIdsIsNotAnsweredFromTheMemo() {
        let memo = SkimMemo()
        let first = poll("T12345678.t1", reference: "order-1")
        _ = inferred(first, memo: memo)
        var callback = first
        callback.identifiers = ExchangeIdentifiers.of(
            accountId: nil, sessionId: nil, transactionId: nil, merchantReference: "from-the-callback")
        #expect(inferred(callback, memo: memo)[3] == "from-the-callback")
    }

    /// Connections polling at once: each header list (a connection's, shared by its repeated heads) keeps its own
    /// entry, so interleaved polls are each answered from their own; another list with the same values is read
    /// afresh; more lists than slots take turns in them and are still answered right.
    @Test func interleavedConnectionsKeepAnInferenceEach() {
        let memo = SkimMemo()
        let lists: [HTTPHeaders] = (1...3).map { ["Authorization": "Bearer token-\($0)", "Host": "h"] }
        let polls = lists.enumerated().map { index, headers in
            poll("T1234567\(index).t\(index)", reference: "order-\(index)", headers: headers)
        }
        for _ in 0..<2 {
            for record in polls { #expect(inferred(record, memo: memo) == inferred(record)) }
        }
        for (record, headers) in zip(polls, lists) {
            #expect(
                memo.inference(for: headers)?.identifiers?.transactionId
                    == record.path.split(separator: "/").last.map(String.init))
        }
        // Another list with the same values as the first: not that list's entry, so read afresh, answered alike.
        let copy = poll(
            "T12345670.t0", reference: "order-0", headers: ["Authorization": "Bearer token-1", "Host": "h"])
        #expect(inferred(copy, memo: memo) == inferred(copy))
        for index in 0..<(HeaderListSlots<SkimMemo.Inference>.count + 10) {
            let record = poll("T12345678.t\(index)", reference: "r", headers: ["X-Index": "\(index)"])
            #expect(inferred(record, memo: memo) == inferred(record))
        }
    }

    /// Only a poll's inference is kept: an exchange with a request body, or with a response larger than
    /// `rememberedResponseLimit`, is inferred as without a memo and leaves nothing held for its list.
    @Test func onlyAPollsInferenceIsKept() {
        let memo = SkimMemo()
        let now = Timestamp(milliseconds: 0)
        let headers: HTTPHeaders = ["Authorization": "Bearer not-a-jwt", "Content-Type": "application/json"]
        let posted = ExchangeRecord(
            direction: .inbound, method: "POST", url: "http://h/v1/sessions-profile", path: "/v1/sessions-profile",
            requestHeaders: headers, requestBody: Data(#"{"order":{"merchant_reference":"order-9"}}"#.utf8),
            status: 200, responseHeaders: ["Content-Type": "application/json"],
            responseBody: Data(#"{"id":"T12345678.s9"}"#.utf8), wallTime: now, sandboxTime: now,
            durationMilliseconds: 0)
        #expect(inferred(posted, memo: memo) == inferred(posted))
        #expect(memo.inference(for: headers) == nil)
        let padding = String(repeating: " ", count: SkimMemo.rememberedResponseLimit)
        let large = ExchangeRecord(
            direction: .inbound, method: "GET", url: "http://h/v1/transactions/T12345678.t9",
            path: "/v1/transactions/T12345678.t9", requestHeaders: headers, status: 200,
            responseHeaders: ["Content-Type": "application/json"],
            responseBody: Data(#"{"id":"T12345678.t9","merchant_reference":"r"\#(padding)}"#.utf8), wallTime: now,
            sandboxTime: now, durationMilliseconds: 0)
        #expect(inferred(large, memo: memo) == inferred(large))
        #expect(memo.inference(for: headers) == nil)
        let polled = poll("T12345678.t1", reference: "order-1", headers: headers)
        #expect(inferred(polled, memo: memo) == inferred(polled))
        #expect(memo.inference(for: headers) != nil)
    }
}
