#if canImport(SandboxHTTP)
    import SandboxHTTP
#endif
import Foundation

/// The properties every byte stream must keep when fed to `HTTPRequestParser`:
/// - it ends in requests and either "more bytes wanted" or a typed error whose status is one the
///   server answers (400, 413, 414, 417, 431, 501, 505) — never a trap;
/// - the outcome does not depend on how the bytes were split into reads (one read, a byte per read,
///   odd-sized reads);
/// - an error is sticky: asking again gives the same error;
/// - every request honours the limits and the grammar (token method, visible-ASCII target, clean fields).
///
/// The stream is also parsed under tiny limits so that the limit paths are reached by small inputs.
public enum ParserOracle {
    /// The statuses `HTTPParseError` may carry.
    public static let errorStatuses: Set<Int> = [400, 413, 414, 417, 431, 501, 505]

    /// Limits small enough for a fuzzer's few-hundred-byte inputs to cross every one of them.
    public static let tinyLimits = HTTPLimits(
        maxRequestLineLength: 48, maxHeaderSectionSize: 160, maxHeaderFields: 4, maxBodySize: 64, maxChunkLineLength: 12
    )

    /// Checks every property for `bytes`.
    /// - Returns: the outcome of one whole read under the default limits.
    @discardableResult
    public static func check(_ bytes: [UInt8]) throws(FuzzFinding) -> ParserOutcome {
        var whole = ParserOutcome()
        for limits in [HTTPLimits(), tinyLimits] {
            let outcome = try parse(reads(bytes, size: bytes.count), limits: limits)
            for size in [1, 7] {
                let split = try parse(reads(bytes, size: size), limits: limits)
                guard split == outcome else {
                    throw FuzzFinding(
                        "http", "reads of \(size) byte(s) give \(split), one read gives \(outcome) (limits \(limits))")
                }
            }
            if limits == HTTPLimits() { whole = outcome }
        }
        return whole
    }

    /// `bytes` cut into reads of `size` bytes (the last may be shorter).
    static func reads(_ bytes: [UInt8], size: Int) -> [ArraySlice<UInt8>] {
        guard !bytes.isEmpty else { return [] }
        return stride(from: 0, to: bytes.count, by: max(size, 1)).map {
            bytes[$0..<min($0 + max(size, 1), bytes.count)]
        }
    }

    /// Feeds `parts` in order, draining events after each, and validates what comes out.
    static func parse(_ parts: [ArraySlice<UInt8>], limits: HTTPLimits) throws(FuzzFinding) -> ParserOutcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = ParserOutcome()
        for part in parts {
            parser.append(contentsOf: part)
            while true {
                let event: HTTPRequestParser.Event?
                do throws(HTTPParseError) {
                    event = try parser.next()
                } catch {
                    try checkSticky(error, in: &parser)
                    outcome.errorStatus = error.status
                    return outcome
                }
                guard let event else { break }
                if case .request(let request) = event {
                    try validate(request, limits: limits)
                    outcome.requests.append(ParserOutcome.Request(request))
                }
            }
        }
        return outcome
    }

    /// A failed parser answers with a status the server knows, and keeps answering the same error.
    static func checkSticky(_ error: HTTPParseError, in parser: inout HTTPRequestParser) throws(FuzzFinding) {
        guard errorStatuses.contains(error.status) else {
            throw FuzzFinding("http", "unexpected error status: \(error)")
        }
        do throws(HTTPParseError) {
            _ = try parser.next()
        } catch let again {
            guard again == error else { throw FuzzFinding("http", "error changed from \(error) to \(again)") }
            return
        }
        throw FuzzFinding("http", "parser recovered after \(error)")
    }

    /// RFC 9110/9112 grammar and the limits, checked on a request the parser accepted.
    static func validate(_ request: HTTPRequest, limits: HTTPLimits) throws(FuzzFinding) {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        func isToken(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy(tchar.contains) }
        guard isToken(request.method) else { throw FuzzFinding("http", "method \(request.method.debugDescription)") }
        guard !request.target.isEmpty, request.target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw FuzzFinding("http", "target \(request.target.debugDescription)")
        }
        guard request.target.utf8.count <= limits.maxRequestLineLength else {
            throw FuzzFinding("http", "target longer than the request line limit")
        }
        guard request.headers.fields.count <= limits.maxHeaderFields else {
            throw FuzzFinding("http", "\(request.headers.fields.count) header fields")
        }
        for field in request.headers.fields {
            guard isToken(field.name) else { throw FuzzFinding("http", "field name \(field.name.debugDescription)") }
            let value = Array(field.value.utf8)
            let clean = value.allSatisfy { $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }
            let trimmed = value.first.map { $0 != 0x20 && $0 != 0x09 } ?? true
            let trimmedEnd = value.last.map { $0 != 0x20 && $0 != 0x09 } ?? true
            guard clean, trimmed, trimmedEnd else {
                throw FuzzFinding("http", "field value \(field.value.debugDescription)")
            }
        }
        guard request.body.count <= limits.maxBodySize else {
            throw FuzzFinding("http", "body of \(request.body.count) bytes over the limit")
        }
        if request.version == .http1_1, request.headers.values(for: "Host").count != 1 {
            throw FuzzFinding("http", "HTTP/1.1 request without exactly one Host")
        }
    }
}
