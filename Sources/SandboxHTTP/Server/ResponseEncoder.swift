import Foundation

/// Turns a handler's `HTTPResponse` into bytes, adding the framing headers the server owns.
enum ResponseEncoder {
    /// The interim response sent before reading a body the client holds back (RFC 9110 §10.1.1).
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Encodes the head, with the body behind it when it is small enough to copy cheaply.
    /// - Parameters:
    ///   - isHead: the request was HEAD: no body, but the `Content-Length` a GET would get.
    ///   - close: add `Connection: close`; otherwise a 1.0 client gets `Connection: keep-alive`.
    /// - Returns: the bytes, and whether the body still has to be sent separately.
    static func encode(
        _ response: HTTPResponse, isHead: Bool, version: HTTPVersion, close: Bool, date: String = HTTPDate.now()
    ) -> (
        bytes: [UInt8], bodyPending: Bool
    ) {
        // RFC 9110 §8.6 — no Content-Length in 1xx and 204; 304 carries none of its own here.
        let bodyless = response.status < 200 || response.status == 204 || response.status == 304
        let sendsBody = !isHead && !bodyless && !response.body.isEmpty
        let inlinesBody = sendsBody && response.body.count <= inlineBodyLimit
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + (inlinesBody ? response.body.count : 0))
        bytes.append(statusLine: response.status)
        var handlerLength: String?
        var hasDate = false
        let fields = response.headers.fields
        // By index, without copying a field (a copy retains its strings).
        for index in fields.indices {
            // The server owns framing and persistence; a handler's values would contradict the wire. The names
            // differ in length, so most fields are told apart by their length alone.
            switch fields[index].name.utf8.count {
            case 14 where fields[index].name.equalsIgnoringASCIICase("Content-Length"):
                handlerLength = fields[index].value
                continue
            case 17 where fields[index].name.equalsIgnoringASCIICase("Transfer-Encoding"),
                10 where fields[index].name.equalsIgnoringASCIICase("Connection"):
                continue
            case 4 where fields[index].name.equalsIgnoringASCIICase("Date"):
                hasDate = true
            default:
                break
            }
            bytes.append(field: fields[index].name, fields[index].value)
        }
        if !hasDate { bytes.append(field: "Date", date) }
        if !bodyless {
            // RFC 9110 §9.3.2 — HEAD gets the length GET would; a HEAD handler may state it with an empty body.
            if isHead && response.body.isEmpty {
                bytes.append(field: "Content-Length", handlerLength ?? "0")
            } else {
                bytes.append(utf8: "Content-Length: ")
                bytes.append(decimal: response.body.count)
                bytes.append(utf8: "\r\n")
            }
        }
        if close {
            bytes.append(field: "Connection", "close")
        } else if version == .http1_0 {
            bytes.append(field: "Connection", "keep-alive")
        }
        bytes.append(utf8: "\r\n")
        if inlinesBody {
            response.body.withUnsafeBytes { bytes.append(contentsOf: $0) }
            return (bytes, false)
        }
        return (bytes, sendsBody)
    }

    /// `HTTP/1.1 200 OK\r\n` and the like for every status below 600 with a standard reason, made once.
    fileprivate static let statusLines: [[UInt8]?] = (0..<600).map { status in
        let reason = HTTPStatus.reasonPhrase(for: status)
        return reason == "Unknown" ? nil : Array("HTTP/1.1 \(status) \(reason)\r\n".utf8)
    }

    /// Bodies up to this size are copied behind the head and go out in the same write.
    static let inlineBodyLimit = 16 * 1024

    /// A plain-text error answer that closes the connection.
    /// The handler's rejection of a client, encoded whole, with `Connection: close`.
    static func rejection(
        _ handler: any HTTPHandler, status: Int, reason: String, remoteAddress: String
    ) -> [UInt8] {
        let response = handler.rejection(status: status, reason: reason, remoteAddress: remoteAddress)
        return encode(response, isHead: false, version: .http1_1, close: true).bytes
    }
}

extension [UInt8] {
    fileprivate mutating func append(statusLine status: Int) {
        if (0..<600).contains(status), let line = ResponseEncoder.statusLines[status] {
            line.withUnsafeBufferPointer { append(contentsOf: $0) }
            return
        }
        append(utf8: "HTTP/1.1 ")
        append(decimal: status)
        append(utf8: " ")
        append(utf8: HTTPStatus.reasonPhrase(for: status))
        append(utf8: "\r\n")
    }

    /// A non-negative number in decimal, without making a string of it.
    fileprivate mutating func append(decimal value: Int) {
        guard value >= 10 else { return append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: Swift.max(0, value))) }
        append(decimal: value / 10)
        append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10))
    }

    /// A string's UTF-8 bytes, copied whole (appending a `String.UTF8View` goes byte by byte).
    fileprivate mutating func append(utf8 text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            append(contentsOf: text.utf8)
        }
    }

    fileprivate mutating func append(field name: String, _ value: String) {
        append(utf8: name)
        append(utf8: ": ")
        append(utf8: value)
        append(utf8: "\r\n")
    }
}
