import Foundation

/// Turns a handler's `HTTPResponse` into bytes, adding the framing headers the server owns.
enum ResponseEncoder {
    /// The interim response sent before reading a body the client holds back (RFC 9110 §10.1.1).
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Encodes the head, with the body behind it when it is small enough to copy cheaply, into a new array.
    /// - Parameters:
    ///   - isHead: the request was HEAD: no body, but the `Content-Length` a GET would get.
    ///   - close: add `Connection: close` (as when the handler's own `Connection` says `close`); otherwise a 1.0
    ///     client gets `Connection: keep-alive`.
    /// - Returns: the bytes, and whether the body still has to be sent separately.
    static func encode(
        _ response: HTTPResponse, isHead: Bool, version: HTTPVersion, close: Bool, date: String = HTTPDate.now()
    ) -> (
        bytes: [UInt8], bodyPending: Bool
    ) {
        let head = Head(response, isHead: isHead, version: version, keepAlive: !close, date: date)
        let bytes = [UInt8](unsafeUninitializedCapacity: head.count) { buffer, initialized in
            initialized = head.write(response, into: buffer)
        }
        return (bytes, head.bodyPending)
    }

    /// A response's head measured: what it holds, its size in bytes, whether the connection stays open, and
    /// whether the body follows it separately.
    ///
    /// Measured first, then written once into memory of exactly its size (a worker's scratch buffer, or an array):
    /// appending each part to an array cost a uniqueness and capacity check per part, a dozen or more per response.
    /// The handler's fields are classified in the measuring pass only; the writing pass skips those it marked.
    /// The response itself is handed to `write` again rather than kept: a copy here retained its headers and its
    /// body, and a cached body's count is shared by every worker.
    struct Head {
        private let statusLine: UnsafeBufferPointer<UInt8>?
        /// Bit `n` set when the handler's field `n` is the server's to write (framing), and so left out; fields
        /// past the 64th are classified again when written.
        private let omitted: UInt64
        private let hasDate: Bool
        private let date: String
        private let bodyless: Bool
        /// The `Content-Length` to state when it is not the body's (a HEAD handler's own).
        private let length: String?
        private let lengthDigits: Int
        private let connection: String?
        private let inlinesBody: Bool
        /// The head's size in bytes, an inlined body included.
        let count: Int
        /// Whether the body still has to be sent after the head.
        let bodyPending: Bool
        /// Whether the connection stays open after this response: the caller's wish, unless the handler's own
        /// `Connection` field says `close`.
        let keepsAlive: Bool

        init(_ response: HTTPResponse, isHead: Bool, version: HTTPVersion, keepAlive: Bool, date: String) {
            self.date = date
            // RFC 9110 §8.6 — no Content-Length in 1xx and 204; 304 carries none of its own here.
            let bodyless = response.status < 200 || response.status == 204 || response.status == 304
            let sendsBody = !isHead && !bodyless && !response.body.isEmpty
            let inlinesBody = sendsBody && response.body.count <= inlineBodyLimit
            let fields = response.headers.list
            var handlerLength: String?
            var hasDate = false
            var handlerCloses = false
            var omitted: UInt64 = 0
            var count = 0
            // By index, without copying a field (a copy retains its strings).
            for index in fields.indices {
                let role = role(of: fields[index].name)
                if role.isServers, index < 64 { omitted |= 1 << UInt64(index) }
                switch role {
                case .contentLength: handlerLength = fields[index].value
                case .framing:
                    if fields[index].name.utf8.count == 10, Self.saysClose(fields[index].value) { handlerCloses = true }
                case .date:
                    hasDate = true
                    count += fieldSize(fields[index].name, fields[index].value)
                case .other: count += fieldSize(fields[index].name, fields[index].value)
                }
            }
            if response.headers.stamp != nil { count += Self.stampSize }
            let statusLine = StatusLines.shared[response.status]
            count += statusLine?.count ?? Self.customStatusLine(response).utf8.count
            if !hasDate { count += fieldSize("Date", date) }
            // RFC 9110 §9.3.2 — HEAD gets the length GET would; a HEAD handler may state it with an empty body.
            let length = bodyless ? nil : isHead && response.body.isEmpty ? handlerLength ?? "0" : nil
            let lengthDigits = ByteWriter.decimalDigits(response.body.count)
            if !bodyless { count += length.map { fieldSize("Content-Length", $0) } ?? 16 + lengthDigits + 2 }
            let keepsAlive = keepAlive && !handlerCloses
            let connection: String? = !keepsAlive ? "close" : version == .http1_0 ? "keep-alive" : nil
            if let connection { count += fieldSize("Connection", connection) }
            count += 2 + (inlinesBody ? response.body.count : 0)
            self.statusLine = statusLine
            self.omitted = omitted
            self.keepsAlive = keepsAlive
            self.hasDate = hasDate
            self.bodyless = bodyless
            self.length = length
            self.lengthDigits = lengthDigits
            self.connection = connection
            self.inlinesBody = inlinesBody
            self.count = count
            self.bodyPending = sendsBody && !inlinesBody
        }

        /// Writes the head of `response` (the one it was measured for) into `buffer`, which has room for `count`
        /// bytes; returns how many it wrote (`count`).
        func write(_ response: HTTPResponse, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
            var writer = ByteWriter(UnsafeMutableBufferPointer(rebasing: buffer[..<count]))
            if let statusLine {
                writer.write(UnsafeRawBufferPointer(statusLine))
            } else {
                writer.write(Self.customStatusLine(response))
            }
            let fields = response.headers.list
            for index in fields.indices {
                let omit = index < 64 ? omitted & 1 << UInt64(index) != 0 : role(of: fields[index].name).isServers
                if !omit { writer.writeField(fields[index].name, fields[index].value) }
            }
            if let stamp = response.headers.stamp {
                writer.writeLiteral(Self.stampPrefix)
                writer.write(stamp)
                writer.writeLiteral("\r\n")
            }
            if !hasDate { writer.writeField("Date", date) }
            if !bodyless {
                if let length {
                    writer.writeField("Content-Length", length)
                } else {
                    writer.writeLiteral("Content-Length: ")
                    writer.writeDecimal(response.body.count, digits: lengthDigits)
                    writer.writeLiteral("\r\n")
                }
            }
            if let connection { writer.writeField("Connection", connection) }
            writer.writeLiteral("\r\n")
            if inlinesBody { response.body.withUnsafeBytes { writer.write($0) } }
            assert(writer.written == count, "the head measured \(count) bytes, \(writer.written) written")
            return writer.written
        }

        /// The stamp's field up to its value: `HTTPHeaders.requestIdName` and the separator, as a literal.
        private static var stampPrefix: StaticString { "request-id: " }

        /// `request-id: <uuid>\r\n` in bytes.
        private static var stampSize: Int { stampPrefix.utf8CodeUnitCount + PackedUUID.textLength + 2 }

        /// Whether a `Connection` field's value holds the `close` option (RFC 9112 §9.6).
        private static func saysClose(_ value: String) -> Bool {
            value.split(separator: ",").contains { $0.trimmingSpaces.equalsIgnoringASCIICase("close") }
        }

        /// The status line of a status without a standard reason (or one past 599).
        private static func customStatusLine(_ response: HTTPResponse) -> String {
            "HTTP/1.1 \(response.status) \(response.reasonPhrase)\r\n"
        }
    }

    /// What a handler's field is to the server: the server owns framing and persistence, and a handler's
    /// values would contradict the wire. The names differ in length, so most are told apart by length alone.
    private enum FieldRole {
        case contentLength, framing, date, other

        /// Whether the server writes this field itself, leaving the handler's out.
        var isServers: Bool { self == .contentLength || self == .framing }
    }

    private static func role(of name: String) -> FieldRole {
        switch name.utf8.count {
        case 14 where name.equalsIgnoringASCIICase("Content-Length"): .contentLength
        case 17 where name.equalsIgnoringASCIICase("Transfer-Encoding"),
            10 where name.equalsIgnoringASCIICase("Connection"):
            .framing
        case 4 where name.equalsIgnoringASCIICase("Date"): .date
        default: .other
        }
    }

    /// `Name: value\r\n` in bytes.
    private static func fieldSize(_ name: String, _ value: String) -> Int {
        name.utf8.count + 2 + value.utf8.count + 2
    }

    /// Bodies up to this size are copied behind the head and go out in the same write.
    static let inlineBodyLimit = 16 * 1024

    /// A plain-text error answer that closes the connection.
    /// The handler's rejection of a client, encoded whole, with `Connection: close`.
    static func rejection(
        _ handler: any HTTPHandler, status: Int, reason: String, remoteAddress: String
    ) -> [UInt8] {
        let response = handler.rejection(status: status, reason: reason, remoteAddress: remoteAddress)
        let (bytes, bodyPending) = encode(response, isHead: false, version: .http1_1, close: true)
        // A body past the inline limit is not behind the head: added here (it went out without it before).
        return bodyPending ? bytes + response.body : bytes
    }
}

extension ByteWriter {
    /// `Name: value\r\n`.
    mutating func writeField(_ name: String, _ value: String) {
        write(name)
        writeLiteral(": ")
        write(value)
        writeLiteral("\r\n")
    }
}
