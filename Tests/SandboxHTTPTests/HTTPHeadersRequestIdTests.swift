import Foundation
import Testing

@testable import SandboxHTTP

/// A `request-id` set as a UUID is kept as its bytes, and is the same field as the text would be to every reader.
struct HTTPHeadersRequestIdTests {
    private static let id = PackedUUID(randomHigh: 0x0123_4567_89ab_cdef, randomLow: 0xfedc_ba98_7654_3210)
    private static let text = "01234567-89ab-4def-bedc-ba9876543210"

    @Test func theTextIsTheVersionFourUUIDOfTheBytes() {
        #expect(Self.id.text == Self.text)
        let zeros = PackedUUID(randomHigh: 0, randomLow: 0)
        #expect(zeros.text == "00000000-0000-4000-8000-000000000000")
        let ones = PackedUUID(randomHigh: .max, randomLow: .max)
        #expect(ones.text == "ffffffff-ffff-4fff-bfff-ffffffffffff")
    }

    @Test func theStampIsTheLastFieldToEveryReader() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.requestId = Self.id
        #expect(headers["REQUEST-ID"] == Self.text)
        #expect(headers.values(for: "request-id") == [Self.text])
        #expect(headers.count == 2)
        #expect(headers.fields.map(\.name) == ["Content-Type", "request-id"])
        #expect(headers.map(\.value) == ["application/json", Self.text])
        #expect(headers == ["Content-Type": "application/json", "request-id": Self.text])
        #expect(headers.contains(token: Self.text, in: "Request-Id"))
    }

    @Test func settingEitherFormReplacesTheOther() {
        var headers: HTTPHeaders = ["request-id": "given", "X-A": "1"]
        headers.requestId = Self.id
        #expect(headers.values(for: "request-id") == [Self.text])
        #expect(headers.fields.map(\.name) == ["X-A", "request-id"])
        headers["Request-Id"] = "again"
        #expect(headers.requestId == nil)
        #expect(headers.values(for: "request-id") == ["again"])
        headers.requestId = Self.id
        headers.remove("request-id")
        #expect(headers["request-id"] == nil && headers.count == 1)
    }

    @Test func itIsEncodedAsItsText() throws {
        var headers: HTTPHeaders = ["X-A": "1"]
        headers.requestId = Self.id
        let decoded = try JSONDecoder().decode(HTTPHeaders.self, from: JSONEncoder().encode(headers))
        #expect(decoded.requestId == nil)
        #expect(decoded == headers)
        #expect(decoded["request-id"] == Self.text)
    }
}
