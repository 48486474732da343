import SandboxHTTP
import SandboxSupport

/// The journal as an HTTP Archive (HAR 1.2) that browser devtools and HAR viewers open.
///
/// Sandbox-specific facts ride in `_`-prefixed fields, which HAR reserves for extensions: `_seq`, `_direction`,
/// `_session_id`, `_transaction_id`, `_merchant_reference`, `_account_id`, `_sandbox_time`, `_error`.
enum JournalHAR {
    static func document(_ entries: [JournalEntry], version: String) -> JSONValue {
        [
            "log": [
                "version": "1.2",
                "creator": ["name": "kravia-sandbox", "version": .string(version)],
                "entries": .array(entries.map(entry)),
            ]
        ]
    }

    static func entry(_ entry: JournalEntry) -> JSONValue {
        let record = entry.record
        let duration = JournalEntry.rounded(record.durationMilliseconds)
        var har: JSONObject = [
            "startedDateTime": .string(record.wallTime.iso8601),
            "time": .double(duration),
            "request": request(record),
            "response": response(record),
            "cache": [:],
            "timings": [
                "blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": .double(duration), "receive": 0,
            ],
            "_seq": .int(Int64(entry.seq)),
            "_direction": .string(record.direction.rawValue),
            "_sandbox_time": .string(record.sandboxTime.iso8601),
        ]
        if let accountId = record.accountId { har["_account_id"] = .string(accountId) }
        if let sessionId = record.sessionId { har["_session_id"] = .string(sessionId) }
        if let transactionId = record.transactionId { har["_transaction_id"] = .string(transactionId) }
        if let reference = record.merchantReference { har["_merchant_reference"] = .string(reference) }
        if let error = record.error { har["_error"] = .string(error) }
        return .object(har)
    }

    private static func request(_ record: ExchangeRecord) -> JSONValue {
        let query =
            record.url.firstIndex(of: "?").map {
                HTTPRequest(method: "GET", target: String(record.url[$0...])).queryItems
            } ?? []
        var request: JSONObject = [
            "method": .string(record.method),
            "url": .string(record.url),
            "httpVersion": "HTTP/1.1",
            "headers": headers(record.requestHeaders),
            "queryString": .array(query.map { ["name": .string($0.name), "value": .string($0.value)] }),
            "cookies": [],
            "headersSize": -1,
            "bodySize": .int(Int64(record.requestBody.count)),
        ]
        if !record.requestBody.isEmpty {
            let body = BodyText(record.requestBody)
            var postData: JSONObject = [
                "mimeType": .string(record.requestHeaders["Content-Type"] ?? "application/octet-stream"),
                "text": .string(body.text),
            ]
            // HAR 1.2 has no encoding for postData; the comment says how to read a binary body.
            if body.isBase64 { postData["comment"] = "base64" }
            request["postData"] = .object(postData)
        }
        return .object(request)
    }

    private static func response(_ record: ExchangeRecord) -> JSONValue {
        let body = BodyText(record.responseBody)
        var content: JSONObject = [
            "size": .int(Int64(record.responseBody.count)),
            "mimeType": .string(
                record.responseHeaders["Content-Type"]
                    ?? (record.responseBody.isEmpty ? "" : "application/octet-stream")),
            "text": .string(body.text),
        ]
        if body.isBase64 { content["encoding"] = "base64" }
        // No response (connection refused, timeout) is status 0, as browsers record a failed request.
        let status = record.status ?? 0
        return [
            "status": .int(Int64(status)),
            "statusText": .string(record.status.map { HTTPStatus.reasonPhrase(for: $0) } ?? ""),
            "httpVersion": "HTTP/1.1",
            "headers": headers(record.responseHeaders),
            "cookies": [],
            "content": .object(content),
            "redirectURL": .string(record.responseHeaders["Location"] ?? ""),
            "headersSize": -1,
            "bodySize": .int(Int64(record.responseBody.count)),
        ]
    }

    private static func headers(_ headers: HTTPHeaders) -> JSONValue {
        .array(headers.map { ["name": .string($0.name), "value": .string($0.value)] })
    }
}
