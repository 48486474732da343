@preconcurrency import Glibc
import Foundation

/// Reads one HTTP/1.x response from a connected socket (RFC 9112 §4, §6.3), bounded in time and size.
struct HTTPResponseReader {
    private let socket: Socket
    private let deadline: Int64
    private let timeoutMilliseconds: Int
    private let maxBodySize: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var scan = 0
    private var atEnd = false
    /// A response head larger than this is not a callback answer worth reading.
    private static let maxHeadSize = 64 * 1024

    init(socket: Socket, deadline: Int64, timeoutMilliseconds: Int, maxBodySize: Int) {
        self.socket = socket
        self.deadline = deadline
        self.timeoutMilliseconds = timeoutMilliseconds
        self.maxBodySize = maxBodySize
    }

    /// Reads the final response, skipping interim 1xx ones.
    mutating func read(requestMethod: String) throws(OutboundError) -> (
        status: Int, headers: HTTPHeaders, body: Data, truncated: Bool
    ) {
        while true {
            let (status, headers) = try readHead()
            if status >= 100, status < 200, status != 101 { continue }
            // RFC 9112 §6.3 items 1-2 — no body after HEAD, 1xx, 204 or 304.
            if requestMethod == "HEAD" || status < 200 || status == 204 || status == 304 {
                return (status, headers, Data(), false)
            }
            let (body, truncated) = try readBody(headers)
            return (status, headers, body, truncated)
        }
    }

    /// Receives more bytes; false at end of stream.
    private mutating func fill() throws(OutboundError) -> Bool {
        if atEnd { return false }
        if position > 0, position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            scan = 0
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let remaining = deadline - SystemCall.monotonicMilliseconds()
            guard remaining > 0 else { throw .readTimeout(milliseconds: timeoutMilliseconds) }
            do {
                guard try SystemCall.wait(fd: socket.fd, for: Int16(POLLIN), timeout: remaining) else { continue }
                let received = try chunk.withUnsafeMutableBufferPointer { (raw) throws(SocketError) -> Int? in
                    try socket.receive(into: UnsafeMutableRawBufferPointer(raw))
                }
                guard let count = received else { continue }
                if count == 0 {
                    atEnd = true
                    return false
                }
                buffer.append(contentsOf: chunk[..<count])
                return true
            } catch {
                if error.code == ECONNRESET || error.code == EPIPE { throw .connectionReset }
                throw .malformedResponse("\(error)")
            }
        }
    }

    private mutating func line() throws(OutboundError) -> Range<Int>? {
        while true {
            let found = buffer.withUnsafeBufferPointer { HTTPSyntax.lineFeed(in: $0, from: max(scan, position)) }
            if let lineFeed = found {
                let end = lineFeed > position && buffer[lineFeed - 1] == HTTPSyntax.cr ? lineFeed - 1 : lineFeed
                let range = position..<end
                position = lineFeed + 1
                scan = position
                return range
            }
            scan = buffer.count
            if buffer.count - position > Self.maxHeadSize { throw .malformedResponse("response head too large") }
            guard try fill() else { return nil }
        }
    }

    private mutating func readHead() throws(OutboundError) -> (Int, HTTPHeaders) {
        let headStart = position
        guard let statusLine = try line() else {
            throw buffer.isEmpty ? .connectionReset : .malformedResponse("no status line")
        }
        // RFC 9112 §4 — `HTTP/1.x SP 3DIGIT SP [reason]`.
        let text = String(decoding: buffer[statusLine], as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
            let status = Int(parts[1]), status >= 100
        else { throw .malformedResponse("bad status line \"\(text.prefix(80))\"") }
        var fields: [HTTPHeaders.Field] = []
        while true {
            guard let range = try line() else { throw .connectionReset }
            if range.isEmpty { break }
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
        return (status, HTTPHeaders(fields))
    }

    private mutating func readBody(_ headers: HTTPHeaders) throws(OutboundError) -> (Data, Bool) {
        if let coding = headers["Transfer-Encoding"] {
            guard coding.split(separator: ",").last?.trimmingSpaces.equalsIgnoringASCIICase("chunked") == true else {
                return try readUntilClose()  // RFC 9112 §6.3 item 4 (response): read until close
            }
            return try readChunked()
        }
        if let value = headers["Content-Length"] {
            let values = Set(value.split(separator: ",").map { $0.trimmingSpaces })
            guard values.count == 1, let length = Int(values.first!), length >= 0 else {
                throw .malformedResponse("invalid Content-Length \(value)")
            }
            return try readLength(length)
        }
        return try readUntilClose()
    }

    private mutating func readLength(_ length: Int) throws(OutboundError) -> (Data, Bool) {
        let wanted = min(length, maxBodySize)
        while buffer.count - position < wanted {
            guard try fill() else { throw .connectionReset }
        }
        return (Data(buffer[position..<(position + wanted)]), length > wanted)
    }

    private mutating func readUntilClose() throws(OutboundError) -> (Data, Bool) {
        while buffer.count - position <= maxBodySize {
            guard try fill() else { break }
        }
        let available = buffer.count - position
        return (Data(buffer[position..<(position + min(available, maxBodySize))]), available > maxBodySize)
    }

    private mutating func readChunked() throws(OutboundError) -> (Data, Bool) {
        // The decoder's own limit only guards against overflow here; the cap is applied below.
        var decoder = ChunkedBodyDecoder(
            limits: HTTPLimits(maxHeaderSectionSize: Self.maxHeadSize, maxHeaderFields: 1000, maxBodySize: Int.max >> 8)
        )
        var body: [UInt8] = []
        while true {
            do {
                let done = try buffer.withUnsafeBufferPointer { (raw) throws(HTTPParseError) -> Bool in
                    try decoder.decode(raw, position: &position, scan: &scan, into: &body)
                }
                if done { return body.count > maxBodySize ? (Data(body[..<maxBodySize]), true) : (Data(body), false) }
            } catch {
                throw .malformedResponse("bad chunked body: \(error.reason)")
            }
            if body.count > maxBodySize { return (Data(body[..<maxBodySize]), true) }
            guard try fill() else { throw .connectionReset }
        }
    }
}
