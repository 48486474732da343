import Foundation
import Testing
@testable import SandboxHTTP

/// A pathological input the parser must handle in linear time.
struct PathologicalRequest: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    /// Limits raised so the whole input is read rather than refused at the first limit.
    var limits: HTTPLimits
    /// How many complete requests the parser must return.
    var requests: Int
    /// The status of the error it must end with, or nil when it ends waiting for more bytes.
    var status: Int?
    var testDescription: String { name }
}

/// Big enough that a parser rescanning its buffer per read (quadratic) would take minutes a case —
/// a hang that the one-minute time limit reports — while a linear one takes a fraction of a second.
/// No assertion is timed.
let pathologicalRequests: [PathologicalRequest] = {
    let mebibyte = 1 << 20
    let roomy = HTTPLimits(
        maxRequestLineLength: 4 * mebibyte, maxHeaderSectionSize: 4 * mebibyte, maxHeaderFields: 20_000,
        maxBodySize: 4 * mebibyte, maxChunkLineLength: 4 * mebibyte)
    let fields = (0..<10_000).map { "x\($0):v\r\n" }.joined()
    let chunks = String(repeating: "1\r\nz\r\n", count: 100_000)
    return [
        .init(
            name: "1 MiB of header bytes without CRLF (waits for more)",
            bytes: Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: mebibyte)).utf8),
            limits: roomy, requests: 0, status: nil),
        .init(
            name: "1 MiB of header bytes without CRLF, default limits",
            bytes: Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: mebibyte)).utf8),
            limits: HTTPLimits(), requests: 0, status: 431),
        .init(
            name: "1 MiB request line",
            bytes: Array(("GET /" + String(repeating: "a", count: mebibyte) + " HTTP/1.1\r\nHost: a\r\n\r\n").utf8),
            limits: roomy, requests: 1, status: nil),
        .init(
            name: "10,000 tiny header fields", bytes: Array(("GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n").utf8),
            limits: roomy, requests: 1, status: nil),
        .init(
            name: "10,000 tiny header fields, default limits",
            bytes: Array(("GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n").utf8),
            limits: HTTPLimits(), requests: 0, status: 431),
        .init(
            name: "100,000 one-byte chunks",
            bytes: Array(
                ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + "0\r\n\r\n").utf8),
            limits: roomy, requests: 1, status: nil),
        .init(
            name: "1 MiB unterminated trailer field (waits for more)",
            bytes: Array(
                ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: "
                    + String(repeating: "t", count: mebibyte)).utf8),
            limits: roomy, requests: 0, status: nil),
    ]
}()

@Suite struct ParserLinearTimeTests {
    /// Fed whole and then one byte per read: both finish, with the same outcome.
    @Test(.timeLimit(.minutes(1)), arguments: pathologicalRequests)
    func pathologicalInputIsParsedOrRefusedInLinearTime(_ input: PathologicalRequest) {
        let whole = outcome(of: [input.bytes[...]], limits: input.limits)
        let dribbled = outcome(of: input.bytes.indices.map { input.bytes[$0...$0] }, limits: input.limits)
        #expect(whole.status == dribbled.status)
        #expect(whole.requests == dribbled.requests)
        #expect(whole.status == input.status)
        #expect(whole.requests == input.requests)
    }

    private func outcome(of parts: [ArraySlice<UInt8>], limits: HTTPLimits) -> (requests: Int, status: Int?) {
        var parser = HTTPRequestParser(limits: limits)
        var requests = 0
        for part in parts {
            parser.append(contentsOf: part)
            do {
                while let event = try parser.next() { if case .request = event { requests += 1 } }
            } catch {
                return (requests, error.status)
            }
        }
        return (requests, nil)
    }
}
