import Foundation

/// An incremental HTTP/1.1 request parser: feed it byte slices as they arrive, take complete requests out.
///
/// Each byte is examined once: line searches resume where the previous search stopped, and consumed
/// bytes are dropped in amortised-linear compactions, so a request dribbling in one byte at a time
/// costs the same as one arriving whole. Every limit of `HTTPLimits` is checked before more is buffered
/// than it allows. Pipelined requests are returned in order by repeated calls to `next()`. A head repeating the
/// previous request's byte for byte is compared once instead (`repeatedRequest`).
///
/// Decisions where RFC 9112 leaves a choice:
/// - A bare LF ends a line like CRLF does (§2.2 allows it; nginx does the same). A bare CR inside a line
///   is refused (400).
/// - Up to 8 empty lines before a request line are skipped (§2.2: "SHOULD ignore at least one").
/// - Duplicate `Content-Length` values (repeated fields or a comma list) are accepted when all are the
///   same number and refused (400) when they differ (§6.3 item 5).
/// - `Transfer-Encoding` must end in `chunked` (400 otherwise, §6.3 item 4); any other coding before it
///   is answered 501 because no other coding is implemented (§6.1).
/// - After an error the parser stays failed: the connection is answered and closed.
public struct HTTPRequestParser: Sendable {
    /// What `next()` found.
    public enum Event: Sendable {
        /// A request's head asked `Expect: 100-continue` and its body has not started arriving: answer
        /// `HTTP/1.1 100 Continue` now so the client sends it.
        case continueExpected
        /// A complete request, body de-chunked.
        case request(HTTPRequest)
    }

    private enum State: Sendable {
        case requestLine(emptyLines: Int)
        case headers
        case body(remaining: Int)
        case chunked(ChunkedBodyDecoder)
        case failed(HTTPParseError)
    }

    private struct Head: Sendable {
        var method = ""
        var target = ""
        var version = HTTPVersion.http1_1
        /// The fields read so far, once one differs from the previous request's at its place; until then they
        /// are the first `repeated` of the previous request's, and this stays empty.
        var fields: [HTTPHeaders.Field] = []
        var repeated = 0
        var repeatsPrevious = true
        var sectionBytes = 0

        var fieldCount: Int { repeatsPrevious ? repeated : fields.count }
    }

    /// The limits this parser enforces.
    public let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// The first byte not yet consumed.
    private var position = 0
    /// Where the search for the current line's LF resumes.
    private var scan = 0
    private var state = State.requestLine(emptyLines: 0)
    private var head = Head()
    private var body: [UInt8] = []
    /// The fields of the previous request on this connection: a field repeated shares its strings, and a head
    /// repeating all of them, their list.
    private var previousFields: [HTTPHeaders.Field] = []
    /// The method, target and version of the connection's previous request.
    private var previousMethod = ""
    private var previousTarget = ""
    private var previousVersion = HTTPVersion.http1_1
    /// The previous request's head byte for byte, request line to empty line, when it had no body (else empty).
    /// The same bytes again are the same request, valid as it was: a keep-alive client polling one resource is
    /// answered without a parse.
    private var previousHead: [UInt8] = []
    /// Where the current request's line starts in the buffer, while its whole head is still there.
    private var headStart: Int?
    /// How many requests were the previous one's head again, taken without a parse.
    private(set) var headsRepeated = 0

    /// Creates a parser enforcing `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Whether the parser sits between requests with nothing buffered: the connection is idle.
    public var isIdle: Bool {
        if case .requestLine = state { return position == buffer.count }
        return false
    }

    /// Whether a head is complete and its body is still arriving.
    public var isReadingBody: Bool {
        switch state {
        case .body, .chunked: true
        default: false
        }
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    public mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Drops consumed bytes once they are at least half the buffer, so compaction stays amortised linear.
    private mutating func compact() {
        guard position > 0 else { return }
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if position >= 4096, position * 2 >= buffer.count {
            buffer.removeSubrange(0..<position)
        } else {
            return
        }
        scan -= position
        position = 0
        // The bytes a head in progress started with are gone: it cannot be kept for the next request.
        headStart = nil
    }

    /// Parses as far as the buffered bytes allow.
    /// - Returns: the next event, or nil when more bytes are needed.
    /// - Throws: `HTTPParseError` with the status to answer; every later call throws it again.
    public mutating func next() throws(HTTPParseError) -> Event? {
        if case .failed(let error) = state { throw error }
        // A second reference for reading while `self` mutates its other fields; no copy is made because
        // the buffer is not written until this returns.
        let bytes = buffer
        do {
            return try bytes.withUnsafeBufferPointer { (raw) throws(HTTPParseError) -> Event? in try step(raw) }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step(_ buffer: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Event? {
        while true {
            switch state {
            case .requestLine(let emptyLines):
                // Tried once a request, before its line is searched for (bytes a dribbling client adds later are
                // searched, not compared again).
                if emptyLines == 0, scan <= position, let request = repeatedRequest(buffer) {
                    return .request(request)
                }
                guard let lineFeed = HTTPSyntax.lineFeed(in: buffer, from: max(scan, position)) else {
                    scan = buffer.count
                    let pending = HTTPSyntax.pendingContentLength(in: buffer, lineStart: position)
                    if pending > limits.maxRequestLineLength { throw requestLineTooLong }
                    return nil
                }
                let end = HTTPSyntax.contentEnd(in: buffer, lineStart: position, lineFeed: lineFeed)
                if end == position {
                    // RFC 9112 §2.2 — ignore empty lines received before the request line (a few only).
                    guard emptyLines < 8 else { throw .badRequest("empty lines instead of a request line") }
                    consumeLine(through: lineFeed)
                    state = .requestLine(emptyLines: emptyLines + 1)
                    continue
                }
                if end - position > limits.maxRequestLineLength { throw requestLineTooLong }
                try parseRequestLine(buffer, position..<end)
                headStart = position
                consumeLine(through: lineFeed)
                state = .headers
            case .headers:
                guard let lineFeed = HTTPSyntax.lineFeed(in: buffer, from: max(scan, position)) else {
                    scan = buffer.count
                    if head.sectionBytes + buffer.count - position > limits.maxHeaderSectionSize {
                        throw headerSectionTooLarge
                    }
                    return nil
                }
                head.sectionBytes += lineFeed + 1 - position
                if head.sectionBytes > limits.maxHeaderSectionSize { throw headerSectionTooLarge }
                let line = position..<HTTPSyntax.contentEnd(in: buffer, lineStart: position, lineFeed: lineFeed)
                if line.isEmpty {
                    consumeLine(through: lineFeed)
                    writeRepeatedFields()
                    if let event = try finishHead(buffered: buffer.count - position) {
                        if case .request = event { keepHead(buffer) }
                        return event
                    }
                    continue
                }
                // RFC 6585 §5 — too many fields is answered 431 like an oversized section.
                guard head.fieldCount < limits.maxHeaderFields else {
                    throw HTTPParseError(status: 431, reason: "more than \(limits.maxHeaderFields) header fields")
                }
                let ranges = try HTTPSyntax.fieldRanges(buffer, line)
                if head.repeatsPrevious, head.repeated < previousFields.count,
                    HTTPSyntax.repeats(buffer, ranges, previousFields[head.repeated])
                {
                    head.repeated += 1
                } else {
                    let field = try HTTPSyntax.field(buffer, ranges)
                    writeRepeatedFields()
                    head.fields.append(field)
                }
                consumeLine(through: lineFeed)
            case .body(let remaining):
                let available = min(remaining, buffer.count - position)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<(position + available)]))
                position += available
                scan = position
                if available == remaining { return .request(completeRequest()) }
                state = .body(remaining: remaining - available)
                return nil
            case .chunked(var decoder):
                let done = try decoder.decode(buffer, position: &position, scan: &scan, into: &body)
                if done { return .request(completeRequest()) }
                state = .chunked(decoder)
                return nil
            case .failed(let error):
                throw error
            }
        }
    }

    /// The previous request again when the buffer starts with its head, byte for byte: the bytes that made it
    /// valid and bodiless make this one the same. A head not complete yet is parsed as any other.
    private mutating func repeatedRequest(_ buffer: UnsafeBufferPointer<UInt8>) -> HTTPRequest? {
        let count = previousHead.count
        guard count > 0, buffer.count - position >= count,
            previousHead.withUnsafeBufferPointer({ memcmp($0.baseAddress!, buffer.baseAddress! + position, count) == 0 }
            )
        else { return nil }
        position += count
        scan = position
        headsRepeated += 1
        return HTTPRequest(
            method: previousMethod, target: previousTarget, version: previousVersion,
            headers: HTTPHeaders(previousFields), body: Data())
    }

    /// Keeps the head of the request just completed without a body, for `repeatedRequest` to compare the next
    /// one with (from its request line: empty lines before it are not part of it); a head compacted away in part
    /// is not kept.
    private mutating func keepHead(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let start = headStart else { return }
        previousHead.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<position]))
    }

    /// Ends the run of fields repeated from the previous request: they go into the head's own list (room made at
    /// once for as many as that request had, else 8). A head that repeated all of them takes the previous
    /// request's list itself, and a keep-alive client sending the same fields makes no list at all.
    private mutating func writeRepeatedFields() {
        guard head.repeatsPrevious else { return }
        head.repeatsPrevious = false
        if head.repeated == previousFields.count, head.repeated > 0 {
            head.fields = previousFields
            return
        }
        head.fields.reserveCapacity(max(previousFields.count, 8))
        head.fields.append(contentsOf: previousFields[..<head.repeated])
    }

    private var requestLineTooLong: HTTPParseError {
        HTTPParseError(status: 414, reason: "request line longer than \(limits.maxRequestLineLength) bytes")
    }

    private var headerSectionTooLarge: HTTPParseError {
        HTTPParseError(status: 431, reason: "header section larger than \(limits.maxHeaderSectionSize) bytes")
    }

    private mutating func consumeLine(through lineFeed: Int) {
        position = lineFeed + 1
        scan = position
    }

    /// RFC 9112 §3 — `method SP request-target SP HTTP-version`, single spaces, nothing else.
    private mutating func parseRequestLine(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>)
        throws(HTTPParseError)
    {
        let bytes = UnsafeBufferPointer(rebasing: buffer[line])
        guard let firstSpace = HTTPSyntax.space(in: bytes, from: 0),
            let secondSpace = HTTPSyntax.space(in: bytes, from: firstSpace + 1)
        else { throw .badRequest("malformed request line") }
        let method = UnsafeBufferPointer(rebasing: bytes[..<firstSpace])
        let target = UnsafeBufferPointer(rebasing: bytes[(firstSpace + 1)..<secondSpace])
        let version = UnsafeBufferPointer(rebasing: bytes[(secondSpace + 1)...])
        guard HTTPSyntax.isToken(method) else { throw .badRequest("invalid method") }
        // RFC 9112 §3.2 — the target is visible ASCII (RFC 3986 percent-encodes everything else).
        guard !target.isEmpty, HTTPSyntax.isVisibleASCII(target) else {
            throw .badRequest("invalid request target")
        }
        head.version = try parseVersion(version)
        // A keep-alive client often sends the request line it sent last (a merchant polling a transaction):
        // the previous request's strings are used again, as its header fields are.
        head.method =
            HTTPSyntax.same(method, as: previousMethod) ? previousMethod : String(decoding: method, as: UTF8.self)
        head.target =
            HTTPSyntax.same(target, as: previousTarget) ? previousTarget : String(decoding: target, as: UTF8.self)
        // RFC 9112 §3.2 — origin-form, absolute-form, authority-form (CONNECT) or asterisk-form (OPTIONS).
        let validForm =
            target[0] == UInt8(ascii: "/") || head.target.contains("://")
            || (head.target == "*" && head.method == "OPTIONS") || head.method == "CONNECT"
        guard validForm else { throw .badRequest("invalid request target form") }
    }

    /// RFC 9112 §2.3 — `HTTP/1.0` and `HTTP/1.1` are served; any other `HTTP/x.y` is answered 505.
    private func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        if HTTPSyntax.same(bytes, as: "HTTP/1.1") { return .http1_1 }
        if HTTPSyntax.same(bytes, as: "HTTP/1.0") { return .http1_0 }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if bytes.count == 8, bytes.starts(with: "HTTP/".utf8), isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."),
            isDigit(bytes[7])
        {
            throw HTTPParseError(status: 505, reason: "only HTTP/1.0 and HTTP/1.1 are supported")
        }
        throw .badRequest("invalid HTTP version")
    }

    /// Validates the complete head and chooses how the body is framed (RFC 9112 §6.3).
    /// - Returns: an event to deliver now, or nil to go on parsing the body.
    private mutating func finishHead(buffered: Int) throws(HTTPParseError) -> Event? {
        // One pass over the fields for everything framing depends on.
        var hosts = 0
        var transferEncodings: [String] = []
        var contentLengths: [String] = []
        var expect: String?
        // By index: a field copied out of the array is two strings retained and released.
        for index in head.fields.indices {
            let name = head.fields[index].name
            switch name.utf8.count {
            case 4 where name.equalsIgnoringASCIICase("Host"): hosts += 1
            case 6 where name.equalsIgnoringASCIICase("Expect"): expect = expect ?? head.fields[index].value
            case 14 where name.equalsIgnoringASCIICase("Content-Length"):
                contentLengths.append(head.fields[index].value)
            case 17 where name.equalsIgnoringASCIICase("Transfer-Encoding"):
                transferEncodings.append(head.fields[index].value)
            default: break
            }
        }
        // RFC 9112 §3.2 — a 1.1 request without exactly one Host field is answered 400.
        if head.version == .http1_1, hosts != 1 {
            throw .badRequest(hosts == 0 ? "missing Host header" : "more than one Host header")
        }
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.1 — Content-Length with Transfer-Encoding is a smuggling vector: refuse it.
            guard contentLengths.isEmpty else { throw .badRequest("both Content-Length and Transfer-Encoding") }
            // RFC 9112 §6.1 — Transfer-Encoding in a 1.0 request means faulty framing.
            guard head.version == .http1_1 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            try checkTransferCodings(transferEncodings)
            state = .chunked(ChunkedBodyDecoder(limits: limits))
        } else if !contentLengths.isEmpty {
            let length = try contentLength(contentLengths)
            if length == 0 { return .request(completeRequest()) }
            state = .body(remaining: length)
        } else {
            // RFC 9112 §6.3 item 7 — a request with neither has no body.
            return .request(completeRequest())
        }
        // RFC 9110 §10.1.1 — 100-continue is ignored in 1.0 requests; other expectations get 417.
        if head.version == .http1_1, let expect {
            guard expect.equalsIgnoringASCIICase("100-continue") else {
                throw HTTPParseError(status: 417, reason: "unsupported expectation")
            }
            if buffered == 0 { return .continueExpected }
        }
        return nil
    }

    /// RFC 9112 §6.3 item 4 — the final coding must be `chunked`; no other coding is implemented.
    private func checkTransferCodings(_ values: [String]) throws(HTTPParseError) {
        let codings = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        guard let last = codings.last, last.equalsIgnoringASCIICase("chunked") else {
            throw .badRequest("Transfer-Encoding does not end in chunked")
        }
        guard codings.count == 1 else {
            throw HTTPParseError(status: 501, reason: "only the chunked transfer coding is supported")
        }
    }

    /// RFC 9112 §6.3 item 5 — every value must be the same run of digits.
    private func contentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var length: Int?
        for value in values.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = value.trimmingSpaces.utf8
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .badRequest("invalid Content-Length")
            }
            // More digits than the limit can have means too large, without risking overflow.
            let parsed = digits.count > 18 ? Int.max : Int(Substring(value.trimmingSpaces))!
            if let length, length != parsed { throw .badRequest("conflicting Content-Length values") }
            length = parsed
        }
        guard let length else { throw .badRequest("invalid Content-Length") }
        if length > limits.maxBodySize {
            throw HTTPParseError(status: 413, reason: "body larger than \(limits.maxBodySize) bytes")
        }
        return length
    }

    private mutating func completeRequest() -> HTTPRequest {
        let request = HTTPRequest(
            method: head.method,
            target: head.target,
            version: head.version,
            headers: HTTPHeaders(head.fields),
            body: body.isEmpty ? Data() : Data(body)
        )
        previousFields = head.fields
        previousMethod = head.method
        previousTarget = head.target
        previousVersion = head.version
        previousHead.removeAll(keepingCapacity: true)
        head = Head()
        body.removeAll(keepingCapacity: true)
        state = .requestLine(emptyLines: 0)
        return request
    }
}
