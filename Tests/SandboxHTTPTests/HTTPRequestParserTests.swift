import Foundation
import Testing
@testable import SandboxHTTP

/// A request as bytes and what the parser must make of it.
struct ParserFixture: CustomTestStringConvertible, Sendable {
    var name: String
    var wire: String
    var method: String
    var target: String
    var version: HTTPVersion = .http1_1
    var headers: [String: String] = [:]
    var body: String = ""
    var expectsContinue = false
    var testDescription: String { name }
}

/// Bytes the parser must refuse, with the status the server answers.
struct HostileFixture: CustomTestStringConvertible, Sendable {
    var name: String
    var wire: String
    var status: Int
    var testDescription: String { name }
}

let parserFixtures: [ParserFixture] = [
    .init(
        name: "simple GET", wire: "GET / HTTP/1.1\r\nHost: a\r\n\r\n", method: "GET", target: "/",
        headers: ["Host": "a"]),
    .init(
        name: "query and several headers",
        wire: "GET /p?q=1&r=a+b HTTP/1.1\r\nHost: a\r\nX-One:1\r\nX-Two: \t two \t\r\n\r\n",
        method: "GET", target: "/p?q=1&r=a+b", headers: ["X-One": "1", "X-Two": "two"]),
    .init(
        name: "Content-Length body", wire: "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
        method: "POST", target: "/f", body: "hello world"),
    .init(
        name: "identical duplicate Content-Length",
        wire: "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", method: "POST",
        target: "/f", body: "abc"),
    .init(
        name: "Content-Length list of equal values",
        wire: "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc",
        method: "POST", target: "/f", body: "abc"),
    .init(
        name: "chunked with extension and trailer",
        wire:
            "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
        method: "POST", target: "/c", body: "hello world"),
    .init(
        name: "chunked, upper-case hex and coding name",
        wire: "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
        method: "PUT",
        target: "/c", body: "0123456789"),
    .init(
        name: "HTTP/1.0 without Host", wire: "GET /old HTTP/1.0\r\n\r\n", method: "GET", target: "/old",
        version: .http1_0),
    .init(
        name: "bare LF line endings are accepted", wire: "GET /lf HTTP/1.1\nHost: a\nContent-Length: 2\n\nok",
        method: "GET",
        target: "/lf", body: "ok"),
    .init(
        name: "empty line before the request line", wire: "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", method: "GET",
        target: "/"),
    .init(
        name: "Expect 100-continue",
        wire: "POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody",
        method: "POST", target: "/e", body: "body", expectsContinue: true),
    .init(
        name: "empty header value and obs-text",
        wire: "GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Latin: caf\u{E9}\r\n\r\n",
        method: "GET", target: "/", headers: ["X-Empty": "", "X-Latin": "caf\u{E9}"]),
    .init(name: "OPTIONS asterisk", wire: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", method: "OPTIONS", target: "*"),
]

let hostileFixtures: [HostileFixture] = [
    .init(name: "garbage", wire: "GARBAGE\r\n\r\n", status: 400),
    .init(name: "binary noise", wire: "\u{01}\u{02}\u{03} \u{04} \u{05}\r\n\r\n", status: 400),
    .init(name: "bad method token", wire: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
    .init(name: "two spaces in request line", wire: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
    .init(name: "HTTP/0.9 style request", wire: "GET /\r\n\r\n", status: 400),
    .init(name: "relative target", wire: "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
    .init(name: "HTTP/2.0", wire: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505),
    .init(name: "lower-case version", wire: "GET / http/1.1\r\nHost: a\r\n\r\n", status: 400),
    .init(name: "missing Host", wire: "GET / HTTP/1.1\r\n\r\n", status: 400),
    .init(name: "two Host fields", wire: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
    .init(name: "obs-fold", wire: "GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n", status: 400),
    .init(name: "space before colon", wire: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", status: 400),
    .init(name: "header without colon", wire: "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", status: 400),
    .init(name: "bare CR in a header value", wire: "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", status: 400),
    .init(
        name: "conflicting Content-Length",
        wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 0\r\n\r\nhello",
        status: 400),
    .init(
        name: "conflicting Content-Length list", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\n",
        status: 400),
    .init(
        name: "negative Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", status: 400),
    .init(
        name: "non-numeric Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n",
        status: 400),
    .init(
        name: "Content-Length with Transfer-Encoding",
        wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        status: 400),
    .init(
        name: "unknown transfer coding", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        status: 400),
    .init(
        name: "gzip then chunked is not implemented",
        wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501),
    .init(
        name: "Transfer-Encoding in HTTP/1.0", wire: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        status: 400),
    .init(
        name: "bad chunk size", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        status: 400),
    .init(
        name: "chunk longer than its size",
        wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", status: 400),
    .init(
        name: "body over 1 MiB by Content-Length",
        wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n",
        status: 413),
    .init(
        name: "huge Content-Length",
        wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        status: 413),
    .init(
        name: "chunk over 1 MiB", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n",
        status: 413),
    .init(
        name: "unknown expectation", wire: "POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx",
        status: 417),
    .init(
        name: "request line over 8 KiB", wire: "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n",
        status: 414),
    .init(
        name: "unterminated request line over 8 KiB", wire: "GET /" + String(repeating: "a", count: 9000), status: 414),
    .init(
        name: "header section over 32 KiB",
        wire: "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 33 * 1024) + "\r\n\r\n",
        status: 431),
    .init(
        name: "more than 100 header fields",
        wire: "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", status: 431),
]

/// Feeds `parts` in order and collects every event until the parser needs more or fails.
func parse(_ parts: [ArraySlice<UInt8>], limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError)
    -> [HTTPRequestParser.Event]
{
    var parser = HTTPRequestParser(limits: limits)
    var events: [HTTPRequestParser.Event] = []
    for part in parts {
        parser.append(contentsOf: part)
        while let event = try parser.next() { events.append(event) }
    }
    return events
}

func requests(_ events: [HTTPRequestParser.Event]) -> [HTTPRequest] {
    events.compactMap { if case .request(let request) = $0 { request } else { nil } }
}

@Suite struct HTTPRequestParserTests {
    func check(_ request: HTTPRequest?, _ fixture: ParserFixture) {
        guard let request else {
            Issue.record("no request for \(fixture.name)")
            return
        }
        #expect(request.method == fixture.method)
        #expect(request.target == fixture.target)
        #expect(request.version == fixture.version)
        #expect(String(decoding: request.body, as: UTF8.self) == fixture.body)
        for (name, value) in fixture.headers { #expect(request.headers[name] == value, "\(name)") }
    }

    @Test(arguments: parserFixtures)
    func parsesWhole(_ fixture: ParserFixture) throws {
        let events = try parse([ArraySlice(fixture.wire.utf8)])
        #expect(requests(events).count == 1)
        check(requests(events).first, fixture)
    }

    @Test(arguments: parserFixtures)
    func parsesSplitAtEveryByte(_ fixture: ParserFixture) throws {
        let bytes = Array(fixture.wire.utf8)
        for split in 0...bytes.count {
            let events = try parse([bytes[..<split], bytes[split...]])
            #expect(requests(events).count == 1, "split at \(split)")
            check(requests(events).first, fixture)
        }
        let oneByOne = try parse(bytes.indices.map { bytes[$0...$0] })
        check(requests(oneByOne).first, fixture)
    }

    @Test(arguments: parserFixtures)
    func parsesPipelinedBehindAnotherRequest(_ fixture: ParserFixture) throws {
        let first = "POST /first HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n1"
        let bytes = Array((first + fixture.wire + first).utf8)
        let parsed = requests(try parse([bytes[...]]))
        #expect(parsed.count == 3)
        #expect(parsed.first?.target == "/first")
        #expect(parsed.last?.target == "/first")
        check(parsed.dropFirst().first, fixture)
    }

    /// A keep-alive client repeats its fields, which the parser then shares with the previous request's.
    @Test(arguments: parserFixtures)
    func parsesTheSameRequestTwiceOnOneConnection(_ fixture: ParserFixture) throws {
        let bytes = Array((fixture.wire + fixture.wire).utf8)
        let parsed = requests(try parse([bytes[...]]))
        #expect(parsed.count == 2)
        check(parsed.first, fixture)
        check(parsed.last, fixture)
    }

    /// A field that differs from the previous request's, by a byte or by the case of its name, is read afresh, and
    /// one that is no longer valid is refused.
    @Test func aFieldChangedSinceThePreviousRequestIsReadAndCheckedAgain() throws {
        let first = "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer abc\r\n\r\n"
        let second = "GET / HTTP/1.1\r\nhost: a\r\nAuthorization: Bearer abd\r\n\r\n"
        let parsed = requests(try parse([ArraySlice((first + second).utf8)]))
        #expect(parsed.count == 2)
        #expect(parsed.last?.headers.fields.map(\.name) == ["host", "Authorization"])
        #expect(parsed.last?.headers["Authorization"] == "Bearer abd")
        let invalid = "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer a\u{1}c\r\n\r\n"
        #expect(throws: HTTPParseError.self) { try parse([ArraySlice((first + invalid).utf8)]) }
    }

    /// Fields repeated from the previous request, then fewer, more or other ones: each request has exactly its own;
    /// a head repeating every field shares the previous request's list (no list is made for it).
    @Test func fieldsRepeatedFromThePreviousRequestKeepEachRequestsOwnList() throws {
        let heads = [
            "Host: a\r\nAccept: */*\r\n", "Host: a\r\nAccept: */*\r\n", "Host: a\r\n", "Host: a\r\nAccept: */*\r\n",
            "Host: a\r\nAccept: */*\r\nX-Extra: 1\r\n", "Host: a\r\nAccept: text/plain\r\nX-Extra: 1\r\n",
            "Host: b\r\nAccept: text/plain\r\nX-Extra: 1\r\n", "Host: b\r\nAccept: text/plain\r\nX-Extra: 1\r\n",
        ]
        // Each target its own, so that no head repeats the previous one whole (`aHeadRepeatedByteForByte...`).
        let wire = heads.indices.map { "GET /\($0) HTTP/1.1\r\n\(heads[$0])\r\n" }.joined()
        let parsed = requests(try parse([ArraySlice(wire.utf8)]))
        let expected = heads.map { head in
            head.split(separator: "\r\n").map { line in
                let parts = line.split(separator: ":", maxSplits: 1)
                return "\(parts[0])=\(parts[1].dropFirst())"
            }
        }
        #expect(parsed.map { $0.headers.fields.map { "\($0.name)=\($0.value)" } } == expected)
        let storage = parsed.map { $0.headers.fields.withUnsafeBufferPointer { $0.baseAddress } }
        #expect(storage[1] == storage[0])
        #expect(storage[7] == storage[6])
        #expect(storage[2] != storage[1] && storage[3] != storage[2] && storage[4] != storage[3])
    }

    /// A head the same as the previous request's, byte for byte, is that request again without a parse; a head
    /// after a request with a body, behind empty lines, differing in a byte or arriving in parts is parsed.
    @Test func aHeadRepeatedByteForByteIsThePreviousRequestAgain() throws {
        let get = "GET /transactions/T1?includes=session HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer x\r\n\r\n"
        let bareLF = "GET /t HTTP/1.0\nConnection: keep-alive\n\n"
        let post = "POST /transactions/T1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"
        let otherToken = get.replacingOccurrences(of: "Bearer x", with: "Bearer y")
        let cases: [(wire: String, repeated: [Bool])] = [
            (get + get + get, [false, true, true]),
            (bareLF + bareLF, [false, true]),
            (post + post + get + get, [false, false, false, true]),
            (get + "\r\n" + get + get, [false, false, true]),
            (get + otherToken + otherToken + get, [false, false, true, false]),
        ]
        for (wire, repeated) in cases {
            var parser = HTTPRequestParser()
            parser.append(contentsOf: wire.utf8)
            var parsed: [HTTPRequest] = []
            var taken: [Bool] = []
            var before = parser.headsRepeated
            while case .request(let request)? = try parser.next() {
                taken.append(parser.headsRepeated > before)
                before = parser.headsRepeated
                parsed.append(request)
            }
            #expect(taken == repeated, "\(wire)")
            let fresh = requests(try parse(Array(wire.utf8).map { [$0][...] }))
            #expect(parsed.map(\.method) == fresh.map(\.method))
            #expect(parsed.map(\.target) == fresh.map(\.target))
            #expect(parsed.map(\.version) == fresh.map(\.version))
            #expect(parsed.map(\.headers) == fresh.map(\.headers))
            #expect(parsed.map(\.body) == fresh.map(\.body))
        }
    }

    /// A head arriving in two reads is parsed (it was not whole when compared) and kept for the next request, unless
    /// the first read ended at a line's end: then the buffer was compacted before the rest arrived, and what is left
    /// of the head (its tail) is not kept: the tail sent again alone is what a fresh parser makes of it.
    @Test func aHeadSplitAcrossReadsIsKeptOnlyWhole() throws {
        let get = Array("GET /t HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let lineEnds = [17, 26]
        func feed(_ parts: [ArraySlice<UInt8>]) -> (requests: [String], repeated: Int) {
            var parser = HTTPRequestParser()
            var requests: [String] = []
            for part in parts {
                parser.append(contentsOf: part)
                while case .request(let request)? = try? parser.next() {
                    requests.append("\(request.method) \(request.target)")
                }
            }
            return (requests, parser.headsRepeated)
        }
        for split in 1..<get.count {
            let kept = feed([get[..<split], get[split...], get[...]])
            #expect(kept.requests == ["GET /t", "GET /t"], "split at \(split)")
            #expect(kept.repeated == (lineEnds.contains(split) ? 0 : 1), "split at \(split)")
            let tail = feed([get[...], get[..<split], get[split...], get[split...]])
            #expect(tail.requests == ["GET /t", "GET /t"] + feed([get[split...]]).requests, "split at \(split)")
        }
    }

    /// The request line is compared with the previous request's too: a method or target of the same length but
    /// other bytes is read afresh, and one that is no longer valid is refused.
    @Test func aRequestLineChangedSinceThePreviousRequestIsReadAgain() throws {
        let first = "GET /transactions/T1 HTTP/1.1\r\nHost: a\r\n\r\n"
        let changed = [
            "PUT /transactions/T2 HTTP/1.1\r\nHost: a\r\n\r\n", first, "GET /transactions/T1 HTTP/1.0\r\n\r\n",
        ]
        let parsed = requests(try parse([ArraySlice((first + changed.joined()).utf8)]))
        #expect(parsed.map(\.method) == ["GET", "PUT", "GET", "GET"])
        #expect(parsed.map(\.target).map { $0.dropFirst(14) } == ["T1", "T2", "T1", "T1"])
        #expect(parsed.map(\.version) == [.http1_1, .http1_1, .http1_1, .http1_0])
        let invalid = "GET /transactions/T\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(throws: HTTPParseError.self) { try parse([ArraySlice((first + invalid).utf8)]) }
    }

    @Test func reportsContinueOnlyWhileTheBodyIsHeldBack() throws {
        let head = "POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"
        var parser = HTTPRequestParser()
        parser.append(contentsOf: head.utf8)
        guard case .continueExpected? = try parser.next() else {
            Issue.record("expected continueExpected")
            return
        }
        #expect(try parser.next() == nil)
        parser.append(contentsOf: "body".utf8)
        guard case .request(let request)? = try parser.next() else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == Data("body".utf8))
        // A refused body (413) never gets a 100.
        var refused = HTTPRequestParser()
        refused.append(
            contentsOf: "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n".utf8)
        #expect(throws: HTTPParseError(status: 413, reason: "body larger than 1048576 bytes")) { try refused.next() }
    }

    @Test(arguments: hostileFixtures)
    func refusesHostileInput(_ fixture: HostileFixture) {
        let bytes = Array(fixture.wire.utf8)
        for parts in [[bytes[...]], bytes.indices.map { bytes[$0...$0] }] {
            do {
                _ = try parse(parts)
                Issue.record("\(fixture.name) was accepted")
            } catch {
                #expect(error.status == fixture.status, "\(fixture.name): \(error)")
            }
        }
    }

    @Test func failedParserStaysFailed() {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: "BAD\r\n".utf8)
        #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.append(contentsOf: "GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }

    @Test func idleAndBodyStatesAreReported() throws {
        var parser = HTTPRequestParser()
        #expect(parser.isIdle)
        parser.append(contentsOf: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\na".utf8)
        #expect(try parser.next() == nil)
        #expect(!parser.isIdle)
        #expect(parser.isReadingBody)
        parser.append(contentsOf: "bc".utf8)
        #expect(try parser.next() != nil)
        #expect(parser.isIdle)
    }

    /// A megabyte of header arriving a kilobyte at a time is refused after the limit, having looked at
    /// each byte once; a quadratic search would take minutes here (see STYLE.md on FlyingFox).
    @Test func oversizedHeaderArrivingInPiecesIsRefusedAtTheLimit() {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: "GET / HTTP/1.1\r\nHost: a\r\nX-Big: ".utf8)
        let piece = [UInt8](repeating: UInt8(ascii: "b"), count: 1024)
        var refusedAfter = 0
        for index in 1...1024 {
            parser.append(contentsOf: piece)
            do {
                _ = try parser.next()
            } catch {
                #expect(error.status == 431)
                refusedAfter = index
                break
            }
        }
        #expect(refusedAfter == 32)
    }
}

extension HTTPRequestParser.Event: Equatable {
    /// Events are equal when both are 100-continue or both carry the same request line, headers and body.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.continueExpected, .continueExpected): true
        case (.request(let a), .request(let b)): a.method == b.method && a.target == b.target && a.body == b.body
        default: false
        }
    }
}
