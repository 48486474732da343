@preconcurrency import Glibc
import Dispatch
import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Synchronization

/// What `kravia-sandbox listen` does with each request: answers it with one fixed status and prints it on
/// stdout, one request at a time, so the lines of requests arriving together never interleave.
final class CallbackPrinter: HTTPHandler, Sendable {
    private let status: Int
    private let format: ListenOptions.Format
    private let limit: Int?
    private let limitReached: DispatchSemaphore
    /// Requests printed so far.
    private let printed = Mutex(0)

    /// - Parameters:
    ///   - status: the status every request is answered with.
    ///   - format: how requests are printed.
    ///   - limit: print this many requests, then signal `limitReached`; later ones are answered, not printed.
    ///   - limitReached: signalled once, when the `limit`th request has been printed.
    init(status: Int, format: ListenOptions.Format, limit: Int?, limitReached: DispatchSemaphore) {
        self.status = status
        self.format = format
        self.limit = limit
        self.limitReached = limitReached
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let time = SandboxClock.wallNow()
        let text = format == .json ? jsonLine(request, time: time) : textLines(request, time: time)
        printed.withLock { count in
            if let limit, count >= limit { return }
            count += 1
            Self.writeToStandardOutput(text)
            if count == limit { limitReached.signal() }
        }
        return HTTPResponse(status: status)
    }

    /// `TIME METHOD TARGET -> STATUS`, then the body (when there is one) indented by two spaces.
    private func textLines(_ request: HTTPRequest, time: Timestamp) -> String {
        var text = "\(time.iso8601) \(request.method) \(request.target) -> \(status)\n"
        guard !request.body.isEmpty else { return text }
        guard let body = String(validating: request.body, as: UTF8.self) else {
            return text + "  (\(request.body.count) bytes, not UTF-8)\n"
        }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) { text += "  \(line)\n" }
        return text
    }

    /// One object: `time`, `method`, `target`, `path`, `query` (a repeated name gives an array), `headers`
    /// (lowercased names, repeats joined with `, `), `body` (text, or base64 with `body_encoding`), `json` when
    /// the body is JSON, and the `status` answered.
    private func jsonLine(_ request: HTTPRequest, time: Timestamp) -> String {
        var query: JSONObject = [:]
        for (name, value) in request.queryItems {
            switch query[name] {
            case nil: query[name] = .string(value)
            case .array(let values)?: query[name] = .array(values + [.string(value)])
            case let first?: query[name] = .array([first, .string(value)])
            }
        }
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.lowercased()
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        var object: JSONObject = [
            "time": .string(time.iso8601), "method": .string(request.method), "target": .string(request.target),
            "path": .string(request.path), "query": .object(query),
            "headers": .object(headers.mapValues(JSONValue.string)),
            "status": .int(Int64(status)), "body": .null,
        ]
        if !request.body.isEmpty {
            if let text = String(validating: request.body, as: UTF8.self) {
                object["body"] = .string(text)
                object["json"] = try? JSONParser.parse(request.body)
            } else {
                object["body"] = .string(request.body.base64EncodedString())
                object["body_encoding"] = "base64"
            }
        }
        return JSONSerializer.string(.object(object)) + "\n"
    }

    /// Writes all of `text`; a closed stdout (the reader went away) is not the receiver's failure.
    private static func writeToStandardOutput(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let start = offset
            let written = try? SystemCall.run("write") {
                bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + start, $0.count - start) }
            }
            guard let written, written > 0 else { return }
            offset += written
        }
    }
}
