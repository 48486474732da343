import Foundation
import Testing

@testable import SandboxHTTP

/// The response head as bytes: measured first, then written once, so every part the server adds or drops is
/// pinned here byte for byte.
struct ResponseEncoderTests {
    private static let date = "Sun, 06 Dec 2026 07:00:00 GMT"

    private func encode(
        _ response: HTTPResponse, isHead: Bool = false, version: HTTPVersion = .http1_1, close: Bool = false
    ) -> (text: String, bodyPending: Bool) {
        let (bytes, pending) = ResponseEncoder.encode(
            response, isHead: isHead, version: version, close: close, date: Self.date)
        return (String(decoding: bytes, as: UTF8.self), pending)
    }

    @Test func aJSONAnswerIsItsFieldsTheDateTheLengthAndTheBody() {
        let response = HTTPResponse(
            status: 200, headers: ["Content-Type": "application/json", "request-id": "abc"], body: Data("{}".utf8))
        let encoded = encode(response)
        #expect(
            encoded.text
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nrequest-id: abc\r\n"
                + "Date: \(Self.date)\r\nContent-Length: 2\r\n\r\n{}")
        #expect(!encoded.bodyPending)
    }

    @Test func aRequestIdKeptAsItsBytesIsWrittenAsTextAfterTheFields() {
        var response = HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data("{}".utf8))
        response.headers.requestId = PackedUUID(randomHigh: 0x0123_4567_89ab_cdef, randomLow: 0xfedc_ba98_7654_3210)
        #expect(
            encode(response).text
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "request-id: 01234567-89ab-4def-bedc-ba9876543210\r\n"
                + "Date: \(Self.date)\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func theServerOwnsFramingAndKeepsAHandlersDate() {
        let response = HTTPResponse(
            status: 201,
            headers: [
                "content-length": "99", "Transfer-Encoding": "chunked", "CONNECTION": "keep-alive",
                "Date": "Mon, 01 Jan 2024 00:00:00 GMT", "X-A": "1",
            ],
            body: Data("hello".utf8))
        #expect(
            encode(response, close: true).text
                == "HTTP/1.1 201 Created\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nX-A: 1\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\nhello")
    }

    @Test func bodilessStatusesCarryNoLength() {
        for status in [100, 204, 304] {
            let text = encode(HTTPResponse(status: status, body: Data("x".utf8))).text
            #expect(!text.contains("Content-Length"))
            #expect(text.hasSuffix("\r\n\r\n"))
        }
    }

    @Test func headGetsTheLengthGetWouldWithoutTheBody() {
        let withBody = encode(HTTPResponse(status: 200, body: Data("12345".utf8)), isHead: true)
        #expect(withBody.text.hasSuffix("Content-Length: 5\r\n\r\n"))
        #expect(!withBody.bodyPending)
        let stated = encode(HTTPResponse(status: 200, headers: ["Content-Length": "42"]), isHead: true)
        #expect(stated.text.hasSuffix("Content-Length: 42\r\n\r\n"))
        #expect(encode(HTTPResponse(status: 200), isHead: true).text.hasSuffix("Content-Length: 0\r\n\r\n"))
    }

    @Test func anEmptyBodyIsLengthZero() {
        #expect(encode(HTTPResponse(status: 200)).text.hasSuffix("Content-Length: 0\r\n\r\n"))
    }

    @Test func aLargeBodyIsSentAfterTheHead() {
        let body = Data(repeating: 0x61, count: ResponseEncoder.inlineBodyLimit + 1)
        let encoded = encode(HTTPResponse(status: 200, body: body))
        #expect(encoded.bodyPending)
        #expect(encoded.text.hasSuffix("Content-Length: \(body.count)\r\n\r\n"))
    }

    @Test func anHTTP10ClientIsToldTheConnectionStays() {
        #expect(encode(HTTPResponse(status: 200), version: .http1_0).text.contains("\r\nConnection: keep-alive\r\n"))
        #expect(!encode(HTTPResponse(status: 200)).text.contains("Connection"))
    }

    /// A handler may close the connection with its own `Connection: close` (any case, among other options): the
    /// head says so in the server's words, and the connection does not stay.
    @Test(arguments: ["close", "Close", "keep-alive, close", "upgrade ,CLOSE"])
    func aHandlersCloseClosesTheConnection(_ value: String) {
        let response = HTTPResponse(status: 200, headers: ["Connection": value], body: Data("x".utf8))
        let head = ResponseEncoder.Head(response, isHead: false, version: .http1_1, keepAlive: true, date: Self.date)
        #expect(!head.keepsAlive)
        #expect(encode(response).text.contains("\r\nConnection: close\r\n"))
    }

    @Test func aHandlersOtherConnectionOptionsLeaveItOpen() {
        let response = HTTPResponse(status: 200, headers: ["Connection": "keep-alive", "X-Close": "close"])
        let head = ResponseEncoder.Head(response, isHead: false, version: .http1_1, keepAlive: true, date: Self.date)
        #expect(head.keepsAlive)
        #expect(!encode(response).text.contains("Connection"))
    }

    /// Past the 64 fields the measuring pass marks, a field is classified again as it is written.
    @Test func framingFieldsPastTheSixtyFourthAreStillLeftOut() {
        var headers = HTTPHeaders()
        for index in 0..<70 { headers.add("X-\(index)", "v") }
        headers.add("Content-Length", "999")
        let text = encode(HTTPResponse(status: 200, headers: headers, body: Data("ab".utf8))).text
        #expect(text.contains("X-69: v\r\n"))
        #expect(!text.contains("999"))
        #expect(text.hasSuffix("Content-Length: 2\r\n\r\nab"))
    }

    @Test func aStatusWithoutAStandardReasonIsWrittenWithItsNumber() {
        #expect(encode(HTTPResponse(status: 299)).text.hasPrefix("HTTP/1.1 299 Unknown\r\n"))
        #expect(encode(HTTPResponse(status: 1_000)).text.hasPrefix("HTTP/1.1 1000 Unknown\r\n"))
    }

    @Test func multiByteValuesAreMeasuredInBytes() {
        let response = HTTPResponse(status: 200, headers: ["X-Name": "Ærø – ✓"], body: Data("ø".utf8))
        let text = encode(response).text
        #expect(text.contains("X-Name: Ærø – ✓\r\n"))
        #expect(text.hasSuffix("Content-Length: 2\r\n\r\nø"))
    }

    /// A rejection is written in one piece, its body too when it is past the inline limit (it was sent without it).
    @Test func aRejectionIsEncodedWholeWhateverItsSize() {
        struct Wordy: HTTPHandler {
            func handle(_ request: HTTPRequest) -> HTTPResponse { HTTPResponse(status: 200) }
            func rejection(status: Int, reason: String, remoteAddress: String) -> HTTPResponse {
                HTTPResponse(status: status, body: Data(repeating: 0x65, count: ResponseEncoder.inlineBodyLimit + 1))
            }
        }
        let bytes = ResponseEncoder.rejection(Wordy(), status: 400, reason: "bad", remoteAddress: "peer")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(text.contains("Content-Length: \(ResponseEncoder.inlineBodyLimit + 1)\r\n"))
        #expect(text.hasSuffix("\r\n\r\n" + String(repeating: "e", count: ResponseEncoder.inlineBodyLimit + 1)))
    }
}
