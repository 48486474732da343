import Foundation
import SandboxHTTP
import SandboxSupport

/// One journaled exchange with its sequence number: compact, and turned into JSON only when someone reads it.
struct JournalEntry: Sendable {
    /// Increases by one per entry for the life of the sandbox; clearing the journal does not reuse numbers.
    var seq: Int
    var record: ExchangeRecord
}

extension JournalEntry {
    /// The entry as the control API, the NDJSON file and the exports show it.
    ///
    /// Header names are lowercased (repeated fields joined with `, `), so assertions need not guess the client's
    /// casing. A body is `body` as UTF-8 text, or base64 with `body_encoding: "base64"` when it is not UTF-8;
    /// a JSON body is also given parsed under `json`, so tests can reach into it.
    var json: JSONValue {
        let record = record
        var response: JSONObject = [
            "status": record.status.map { .int(Int64($0)) } ?? .null,
            "headers": Self.headersJSON(record.responseHeaders),
        ]
        Self.addBody(record.responseBody, contentType: record.responseHeaders["Content-Type"], to: &response)
        var request: JSONObject = ["headers": Self.headersJSON(record.requestHeaders)]
        Self.addBody(record.requestBody, contentType: record.requestHeaders["Content-Type"], to: &request)
        var entry: JSONObject = [
            "seq": .int(Int64(seq)),
            "direction": .string(record.direction.rawValue),
            "method": .string(record.method),
            "url": .string(record.url),
            "path": .string(record.path),
            "status": record.status.map { .int(Int64($0)) } ?? .null,
            "wall_time": .string(record.wallTime.iso8601),
            "sandbox_time": .string(record.sandboxTime.iso8601),
            "duration_ms": .double(Self.rounded(record.durationMilliseconds)),
            "account_id": Self.optional(record.accountId),
            "session_id": Self.optional(record.sessionId),
            "transaction_id": Self.optional(record.transactionId),
            "merchant_reference": Self.optional(record.merchantReference),
            "request": .object(request),
            "response": .object(response),
        ]
        if let error = record.error { entry["error"] = .string(error) }
        if let deliveryId = record.deliveryId { entry["delivery_id"] = .string(deliveryId) }
        if let attempt = record.attempt { entry["attempt"] = .int(Int64(attempt)) }
        return .object(entry)
    }

    /// One NDJSON line, newline included.
    var ndjsonLine: Data {
        var data = JSONSerializer.data(json)
        data.append(0x0A)
        return data
    }

    /// Microseconds are plenty and keep the numbers short.
    static func rounded(_ milliseconds: Double) -> Double {
        (milliseconds * 1000).rounded() / 1000
    }

    private static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    static func headersJSON(_ headers: HTTPHeaders) -> JSONValue {
        var object: JSONObject = [:]
        for field in headers {
            let name = field.name.lowercased()
            if case .string(let earlier) = object[name] {
                object[name] = .string(earlier + ", " + field.value)
            } else {
                object[name] = .string(field.value)
            }
        }
        return .object(object)
    }

    private static func addBody(_ body: Data, contentType: String?, to object: inout JSONObject) {
        let text = BodyText(body)
        object["body"] = .string(text.text)
        object["body_encoding"] = .string(text.isBase64 ? "base64" : "text")
        if !text.isBase64, Self.looksLikeJSON(body, contentType: contentType), let parsed = try? JSONParser.parse(body)
        {
            object["json"] = parsed
        }
    }

    private static func looksLikeJSON(_ body: Data, contentType: String?) -> Bool {
        if contentType.map(ExchangeRecord.isJSON) == true { return !body.isEmpty }
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }
}

/// A body as text: the UTF-8 itself, or base64 when the bytes are not UTF-8 (PDFs, garbage).
struct BodyText {
    var text: String
    var isBase64: Bool

    init(_ body: Data) {
        if let text = String(validating: body, as: UTF8.self) {
            self.text = text
            self.isBase64 = false
        } else {
            self.text = body.base64EncodedString()
            self.isBase64 = true
        }
    }
}
