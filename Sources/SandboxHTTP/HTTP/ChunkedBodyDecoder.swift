/// Incremental decoder for the chunked transfer coding (RFC 9112 §7.1), working in place on the
/// parser's buffer so that no byte is scanned twice.
struct ChunkedBodyDecoder: Sendable {
    private enum State: Sendable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(fields: Int, bytes: Int)
        case done
    }

    private var state = State.size
    private let limits: HTTPLimits
    private(set) var decodedSize = 0

    init(limits: HTTPLimits) {
        self.limits = limits
    }

    /// Consumes what it can from `buffer[position...]`, appending chunk data to `body`.
    /// - Parameters:
    ///   - position: the first unconsumed byte; advanced past everything decoded.
    ///   - scan: where the search for the current line's LF resumes; kept so a line arriving a byte at
    ///     a time is still scanned once.
    /// - Returns: whether the last chunk and the trailer section have been consumed.
    mutating func decode(
        _ buffer: UnsafeBufferPointer<UInt8>,
        position: inout Int,
        scan: inout Int,
        into body: inout [UInt8]
    ) throws(HTTPParseError) -> Bool {
        while true {
            switch state {
            case .size:
                guard let lineFeed = HTTPSyntax.lineFeed(in: buffer, from: max(scan, position)) else {
                    scan = buffer.count
                    if HTTPSyntax.pendingContentLength(in: buffer, lineStart: position) > limits.maxChunkLineLength {
                        throw .badRequest("chunk-size line too long")
                    }
                    return false
                }
                let end = HTTPSyntax.contentEnd(in: buffer, lineStart: position, lineFeed: lineFeed)
                if end - position > limits.maxChunkLineLength { throw .badRequest("chunk-size line too long") }
                let size = try chunkSize(buffer, position..<end)
                position = lineFeed + 1
                scan = position
                state = size == 0 ? .trailers(fields: 0, bytes: 0) : .data(remaining: size)
            case .data(let remaining):
                let available = min(remaining, buffer.count - position)
                guard available > 0 else { return false }
                body.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<(position + available)]))
                position += available
                scan = position
                state = remaining == available ? .dataEnd : .data(remaining: remaining - available)
            case .dataEnd:
                // RFC 9112 §7.1 — chunk data is followed by CRLF (a bare LF is accepted, as everywhere).
                guard position < buffer.count else { return false }
                if buffer[position] == HTTPSyntax.lf {
                    position += 1
                } else if buffer[position] == HTTPSyntax.cr {
                    guard position + 1 < buffer.count else { return false }
                    guard buffer[position + 1] == HTTPSyntax.lf else {
                        throw .badRequest("chunk data not followed by CRLF")
                    }
                    position += 2
                } else {
                    throw .badRequest("chunk data longer than its chunk size")
                }
                scan = position
                state = .size
            case .trailers(let fields, let bytes):
                // RFC 9112 §7.1.2 — trailer fields are read (bounded like the header section) and discarded.
                guard let lineFeed = HTTPSyntax.lineFeed(in: buffer, from: max(scan, position)) else {
                    scan = buffer.count
                    if bytes + buffer.count - position > limits.maxHeaderSectionSize {
                        throw HTTPParseError(status: 431, reason: "trailer section too large")
                    }
                    return false
                }
                let lineBytes = bytes + lineFeed + 1 - position
                if lineBytes > limits.maxHeaderSectionSize {
                    throw HTTPParseError(status: 431, reason: "trailer section too large")
                }
                let end = HTTPSyntax.contentEnd(in: buffer, lineStart: position, lineFeed: lineFeed)
                let line = position..<end
                position = lineFeed + 1
                scan = position
                if line.isEmpty {
                    state = .done
                    return true
                }
                _ = try HTTPSyntax.fieldLine(buffer, line)
                if fields + 1 > limits.maxHeaderFields {
                    throw HTTPParseError(status: 431, reason: "too many trailer fields")
                }
                state = .trailers(fields: fields + 1, bytes: lineBytes)
            case .done:
                return true
            }
        }
    }

    /// RFC 9112 §7.1 — `chunk-size [ chunk-ext ]`: hex digits, then extensions that are tolerated and ignored.
    private mutating func chunkSize(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(HTTPParseError)
        -> Int
    {
        var size = 0
        var index = line.lowerBound
        while index < line.upperBound, let digit = hexValue(buffer[index]) {
            // Anything past the body limit is refused, so the sum can never overflow.
            guard size < Int.max >> 8 else { throw HTTPParseError(status: 413, reason: "chunk size too large") }
            size = size * 16 + digit
            if decodedSize + size > limits.maxBodySize {
                throw HTTPParseError(status: 413, reason: "chunked body larger than \(limits.maxBodySize) bytes")
            }
            index += 1
        }
        guard index > line.lowerBound else { throw .badRequest("invalid chunk size") }
        let rest = UnsafeBufferPointer(rebasing: buffer[index..<line.upperBound])
        let afterSpace = rest.firstIndex { $0 != HTTPSyntax.space && $0 != HTTPSyntax.tab } ?? rest.endIndex
        guard afterSpace == rest.endIndex || rest[afterSpace] == UInt8(ascii: ";") else {
            throw .badRequest("invalid chunk size")
        }
        guard HTTPSyntax.isFieldValue(rest) else { throw .badRequest("control character in chunk extension") }
        decodedSize += size
        return size
    }

    private func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
