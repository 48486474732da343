import Foundation
import KraviaSandboxFuzz
import Testing
@testable import SandboxHTTP

/// Replays the fuzzing corpus through the parser oracle: the same checks `.ci/fuzz http` makes.
@Suite struct ParserCorpusReplayTests {
    @Test func corpusHasSeedsAndRegressions() {
        #expect(FuzzCorpusFolder.requests.files.filter { $0.hasPrefix("Seeds/") }.count >= 10)
        #expect(FuzzCorpusFolder.requests.files.contains { $0.hasPrefix("Regressions/") })
    }

    /// Any split into reads gives the same requests and error; errors are typed, sticky and 4xx/5xx.
    @Test(arguments: FuzzCorpusFolder.requests.files)
    func parserKeepsItsProperties(_ file: String) throws {
        let outcome = try ParserOracle.check(try FuzzCorpusFolder.requests.bytes(file))
        if let status = outcome.errorStatus { #expect((400..<600).contains(status)) }
        if file.hasPrefix("Seeds/") {
            // Seeds are real requests: every one of them parses, completely.
            #expect(outcome.errorStatus == nil, "\(outcome)")
            #expect(!outcome.requests.isEmpty)
        }
    }

    /// Found by fuzzing: a request line of exactly the limit was refused (414) when a read ended between
    /// its CR and LF, and accepted when they arrived together.
    @Test(arguments: [HTTPLimits(), ParserOracle.tinyLimits])
    func requestLineOfExactlyTheLimitSurvivesASplitCRLF(_ limits: HTTPLimits) throws {
        let prefix = "GET /"
        let suffix = " HTTP/1.1"
        let line =
            prefix + String(repeating: "a", count: limits.maxRequestLineLength - prefix.count - suffix.count) + suffix
        let head = Array((line + "\r").utf8)
        var parser = HTTPRequestParser(limits: limits)
        parser.append(contentsOf: head)
        #expect(try parser.next() == nil)
        parser.append(contentsOf: Array("\nHost: a\r\n\r\n".utf8))
        let event = try #require(try parser.next())
        guard case .request(let request) = event else {
            Issue.record("expected a request")
            return
        }
        #expect(request.target.count == line.count - prefix.count - suffix.count + 1)
    }

    /// The same for a chunk-size line of exactly the limit.
    @Test func chunkLineOfExactlyTheLimitSurvivesASplitCRLF() throws {
        let limits = ParserOracle.tinyLimits
        let sizeLine = "1;" + String(repeating: "x", count: limits.maxChunkLineLength - 2)
        let wire = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\(sizeLine)\r\nz\r\n0\r\n\r\n"
        let bytes = Array(wire.utf8)
        let carriageReturn = bytes.count - "\nz\r\n0\r\n\r\n".utf8.count
        var parser = HTTPRequestParser(limits: limits)
        parser.append(contentsOf: bytes[..<carriageReturn])
        #expect(try parser.next() == nil)
        parser.append(contentsOf: bytes[carriageReturn...])
        let event = try #require(try parser.next())
        guard case .request(let request) = event else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body == Data("z".utf8))
    }
}
