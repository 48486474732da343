import SandboxHTTP
import Foundation

/// Everything an endpoint needs about the request it is answering.
public struct RequestContext: Sendable {
    /// The request as received.
    public var request: HTTPRequest
    /// Parameters captured from the path pattern.
    public var parameters: [String: String]
    /// The id sent back in the `request-id` header and stored on events.
    public var requestId: String
    /// The sandbox time at which the request is handled.
    public var now: Timestamp
    /// The base URL merchants reach the sandbox at, e.g. `http://127.0.0.1:8080`.
    public var baseURL: String

    /// A captured path parameter; the router guarantees the pattern's names are present.
    public func parameter(_ name: String) -> String {
        parameters[name] ?? ""
    }

    /// The body parsed as JSON; an empty body is an empty object, and a non-JSON content type is a 415.
    public func jsonBody() throws(APIError) -> JSONValue {
        let body = request.body
        if let contentType = request.headers["Content-Type"], !body.isEmpty {
            let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingWhitespace() }
            let accepted = ["application/json", "text/json", ""]
            if let mediaType, !accepted.contains(mediaType.lowercased()), !mediaType.lowercased().hasSuffix("+json") {
                throw .unsupportedMediaType(contentType)
            }
        }
        if body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return .object([:]) }
        do throws(JSONParser.Failure) {
            return try JSONParser.parse(body, documentName: "body")
        } catch {
            throw .malformedJSON(error.description)
        }
    }

    /// The body as a JSON object, or a 400 naming `body`.
    public func jsonObject() throws(APIError) -> JSONValue {
        let value = try jsonBody()
        guard case .object = value else { throw .invalid("body", "expected a JSON object, got \(value.typeName)") }
        return value
    }

    /// The first value of a query parameter.
    public func query(_ name: String) -> String? {
        request.queryValue(name)
    }
}

extension String {
    /// Decodes `%XX` escapes; nil when an escape is malformed or the bytes are not UTF-8.
    var percentDecoded: String? {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
