import Foundation
import Glibc
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// What an unbounded journal keeps for every request: the record's content, whose size this pins, and the rare
/// members kept apart for the records that have them.
struct ExchangeRecordFootprintTests {
    private static let at = Timestamp(milliseconds: 1_000)

    @Test func anAnsweredRequestsContentFitsInTwoHundredAndTwentyFourBytes() throws {
        var headers = HTTPHeaders.json
        headers.requestId = PackedUUID(randomHigh: 1, randomLow: 2)
        let record = ExchangeRecord(
            direction: .inbound, method: "GET", path: "/v1/transactions/T1.t", requestHeaders: ["Host": "h"],
            status: 200, responseHeaders: headers, responseBody: Data("{}".utf8), wallTime: Self.at,
            sandboxTime: Self.at, durationMilliseconds: 0.1)
        #expect(record.content.annex == nil)
        #expect(record.responseHeaders["request-id"] == "00000000-0000-4001-8000-000000000002")
        // The allocation as malloc made it: 216 usable bytes are a 224-byte chunk (288 before the members were
        // ordered and the rare ones moved apart).
        #expect(try Self.usableSize(of: record.content) <= 216)
    }

    /// glibc's `malloc_usable_size` of an object, looked up at run time (malloc.h is not part of the Glibc module).
    private static func usableSize(of object: AnyObject) throws -> Int {
        typealias UsableSize = @convention(c) (UnsafeMutableRawPointer) -> Int
        let symbol = try #require(dlsym(nil, "malloc_usable_size"))  // nil is RTLD_DEFAULT
        return unsafeBitCast(symbol, to: UsableSize.self)(Unmanaged.passUnretained(object).toOpaque())
    }

    @Test func aCallbackAttemptKeepsItsDeliveryAttemptAndError() {
        let record = ExchangeRecord(
            direction: .outbound, method: "POST", url: "http://merchant/cb", path: "/cb", status: nil,
            wallTime: Self.at, sandboxTime: Self.at, durationMilliseconds: 5, error: "connection refused",
            deliveryId: "d1", attempt: 2)
        #expect(record.error == "connection refused")
        #expect(record.deliveryId == "d1")
        #expect(record.attempt == 2)
        #expect(record.status == nil)
    }
}
