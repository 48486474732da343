import Foundation

/// One HTTP/1.x response as the client keeps it: status, fields, the body (capped) and whether it was cut.
struct ParsedResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    var truncated: Bool
}

extension OutboundResponse {
    /// A parsed response, `duration` after its request was handed in.
    init(_ parsed: ParsedResponse, duration: Duration) {
        self.init(
            status: parsed.status, headers: parsed.headers, body: parsed.body, bodyTruncated: parsed.truncated,
            duration: duration)
    }
}

/// Parses one HTTP/1.x response (RFC 9112 §4, §6.3) from bytes as they arrive, bounded in size: the blocking
/// client feeds it from a socket it waits on, the outbound loop from whatever a readable socket holds.
///
/// `parse` resumes where the last call stopped (lines are scanned once), so a merchant that answers byte by
/// byte costs linear time, not quadratic.
struct HTTPResponseParser {
    private enum Framing {
        case length(Int)
        case chunked(ChunkedBodyDecoder, body: [UInt8])
        case untilClose
    }

    private let requestMethod: String
    private let maxBodySize: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var scan = 0
    private var atEnd = false
    private var headStart = 0
    private var status: Int?
    private var fields: [HTTPHeaders.Field] = []
    private var head: (status: Int, headers: HTTPHeaders)?
    private var framing: Framing = .untilClose
    /// A response head larger than this is not a callback answer worth reading.
    private static let maxHeadSize = 64 * 1024
    /// Interim (1xx) responses accepted before the final one: a merchant sending them without end is refused.
    static let maxInterimResponses = 32
    private var interimResponses = 0

    init(requestMethod: String, maxBodySize: Int) {
        self.requestMethod = requestMethod
        self.maxBodySize = maxBodySize
    }

    /// Adds bytes that arrived.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        // Once the head is read, consumed body bytes can go (the head's are counted against its limit).
        if head != nil, position > 0, position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
            scan = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Notes that the peer closed its side: nothing more will arrive.
    mutating func endOfStream() {
        atEnd = true
    }

    /// The final response once enough bytes are in (interim 1xx responses skipped), nil while more are needed.
    /// - Throws: `OutboundError` when the bytes are not a response, or the stream ended before one was whole.
    mutating func parse() throws(OutboundError) -> ParsedResponse? {
        while head == nil {
            guard let (status, headers) = try readHead() else { return nil }
            if status >= 100, status < 200, status != 101 {
                interimResponses += 1
                guard interimResponses <= Self.maxInterimResponses else {
                    throw .malformedResponse("more than \(Self.maxInterimResponses) interim (1xx) responses")
                }
                // Its bytes are done with: a run of interim heads holds no memory.
                buffer.removeSubrange(..<position)
                position = 0
                scan = 0
                headStart = 0
                self.status = nil
                fields = []
                continue
            }
            // RFC 9112 §6.3 items 1-2 — no body after HEAD, 1xx, 204 or 304.
            if requestMethod == "HEAD" || status < 200 || status == 204 || status == 304 {
                return ParsedResponse(status: status, headers: headers, body: Data(), truncated: false)
            }
            framing = try Self.framing(of: headers)
            head = (status, headers)
        }
        guard let head, let (body, truncated) = try readBody() else { return nil }
        return ParsedResponse(status: head.status, headers: head.headers, body: body, truncated: truncated)
    }

    /// The status and fields once the head is complete.
    private mutating func readHead() throws(OutboundError) -> (Int, HTTPHeaders)? {
        while true {
            guard let range = try line() else { return nil }
            guard let status else {
                status = try Self.statusCode(ofLine: String(decoding: buffer[range], as: UTF8.self))
                continue
            }
            if range.isEmpty { return (status, HTTPHeaders(fields)) }
            guard position - headStart <= Self.maxHeadSize, fields.count < 1000 else {
                throw .malformedResponse("response head too large")
            }
            do {
                let field = try buffer.withUnsafeBufferPointer { (raw) throws(HTTPParseError) -> HTTPHeaders.Field in
                    try HTTPSyntax.fieldLine(raw, range)
                }
                fields.append(field)
            } catch {
                throw .malformedResponse(error.reason)
            }
        }
    }

    /// The next line of the head without its CR LF; nil while it has not fully arrived.
    private mutating func line() throws(OutboundError) -> Range<Int>? {
        let found = buffer.withUnsafeBufferPointer { HTTPSyntax.lineFeed(in: $0, from: max(scan, position)) }
        guard let lineFeed = found else {
            scan = buffer.count
            if buffer.count - headStart > Self.maxHeadSize { throw .malformedResponse("response head too large") }
            guard atEnd else { return nil }
            if status != nil { throw .connectionReset }
            throw buffer.isEmpty ? .connectionReset : .malformedResponse("no status line")
        }
        let end = lineFeed > position && buffer[lineFeed - 1] == HTTPSyntax.cr ? lineFeed - 1 : lineFeed
        let range = position..<end
        position = lineFeed + 1
        scan = position
        return range
    }

    /// RFC 9112 §4 — `HTTP/1.x SP 3DIGIT SP [reason]`.
    private static func statusCode(ofLine text: String) throws(OutboundError) -> Int {
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
            let status = Int(parts[1]), status >= 100
        else { throw .malformedResponse("bad status line \"\(text.prefix(80))\"") }
        return status
    }

    private static func framing(of headers: HTTPHeaders) throws(OutboundError) -> Framing {
        if let coding = headers["Transfer-Encoding"] {
            guard coding.split(separator: ",").last?.trimmingSpaces.equalsIgnoringASCIICase("chunked") == true else {
                return .untilClose  // RFC 9112 §6.3 item 4 (response): read until close
            }
            // The decoder's own limit only guards against overflow here; the cap is applied by body().
            let limits = HTTPLimits(
                maxHeaderSectionSize: maxHeadSize, maxHeaderFields: 1000, maxBodySize: Int.max >> 8)
            return .chunked(ChunkedBodyDecoder(limits: limits), body: [])
        }
        if let value = headers["Content-Length"] {
            let values = Set(value.split(separator: ",").map { $0.trimmingSpaces })
            guard values.count == 1, let length = Int(values.first!), length >= 0 else {
                throw .malformedResponse("invalid Content-Length \(value)")
            }
            return .length(length)
        }
        return .untilClose
    }

    /// The body once it is complete (or the cap is reached); nil while more is needed.
    private mutating func readBody() throws(OutboundError) -> (Data, Bool)? {
        let available = buffer.count - position
        switch framing {
        case .length(let length):
            let wanted = min(length, maxBodySize)
            guard available >= wanted else {
                if atEnd { throw .connectionReset }
                return nil
            }
            return (Data(buffer[position..<(position + wanted)]), length > wanted)
        case .untilClose:
            guard atEnd || available > maxBodySize else { return nil }
            return (Data(buffer[position..<(position + min(available, maxBodySize))]), available > maxBodySize)
        case .chunked(var decoder, var body):
            framing = .untilClose  // the body is not copied while the decoder appends to it
            defer { framing = .chunked(decoder, body: body) }
            let done: Bool
            do {
                done = try buffer.withUnsafeBufferPointer { (raw) throws(HTTPParseError) -> Bool in
                    try decoder.decode(raw, position: &position, scan: &scan, into: &body)
                }
            } catch {
                throw .malformedResponse("bad chunked body: \(error.reason)")
            }
            if body.count > maxBodySize { return (Data(body[..<maxBodySize]), true) }
            if done { return (Data(body), false) }
            if atEnd { throw .connectionReset }
            return nil
        }
    }
}
