import Foundation

/// Turns a handler's `HTTPResponse` into bytes, adding the framing headers the server owns.
enum ResponseEncoder {
    /// The interim response sent before reading a body the client holds back (RFC 9110 §10.1.1).
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Encodes the head, and the body too when `includeBody` and it is small enough to copy cheaply.
    /// - Parameters:
    ///   - isHead: the request was HEAD: no body, but the `Content-Length` a GET would get.
    ///   - close: add `Connection: close`; otherwise a 1.0 client gets `Connection: keep-alive`.
    /// - Returns: the bytes, and whether the body still has to be sent separately.
    static func encode(
        _ response: HTTPResponse, isHead: Bool, version: HTTPVersion, close: Bool, date: String = HTTPDate.now()
    ) -> (
        bytes: [UInt8], bodyPending: Bool
    ) {
        var head = "HTTP/1.1 \(response.status) \(response.reasonPhrase)\r\n"
        // RFC 9110 §8.6 — no Content-Length in 1xx and 204; 304 carries none of its own here.
        let bodyless = response.status < 200 || response.status == 204 || response.status == 304
        var handlerLength: String?
        var hasDate = false
        for field in response.headers {
            if field.name.equalsIgnoringASCIICase("Content-Length") {
                handlerLength = field.value
                continue
            }
            // The server owns framing and persistence; a handler's values would contradict the wire.
            if field.name.equalsIgnoringASCIICase("Transfer-Encoding")
                || field.name.equalsIgnoringASCIICase("Connection")
            {
                continue
            }
            if field.name.equalsIgnoringASCIICase("Date") { hasDate = true }
            head += "\(field.name): \(field.value)\r\n"
        }
        if !hasDate { head += "Date: \(date)\r\n" }
        if !bodyless {
            // RFC 9110 §9.3.2 — HEAD gets the length GET would; a HEAD handler may state it with an empty body.
            let length = isHead && response.body.isEmpty ? (handlerLength ?? "0") : String(response.body.count)
            head += "Content-Length: \(length)\r\n"
        }
        if close {
            head += "Connection: close\r\n"
        } else if version == .http1_0 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        let sendsBody = !isHead && !bodyless && !response.body.isEmpty
        if sendsBody, response.body.count <= 16 * 1024 {
            bytes.append(contentsOf: response.body)
            return (bytes, false)
        }
        return (bytes, sendsBody)
    }

    /// A plain-text error answer that closes the connection.
    static func error(status: Int, reason: String) -> [UInt8] {
        let body = Array("\(reason)\n".utf8)
        let response = HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: Data(body)
        )
        return encode(response, isHead: false, version: .http1_1, close: true).bytes
    }
}
