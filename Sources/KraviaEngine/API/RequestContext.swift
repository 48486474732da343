import SandboxHTTP
import Foundation
import SandboxSupport

/// Everything an endpoint needs about the request it is answering. A class: every layer and the handler
/// share one, where a struct was copied (each of its strings and headers retained again) at each layer.
package final class RequestContext: Sendable {
    /// The request as received.
    package let request: HTTPRequest
    /// The request's path without its query, computed once for every layer that looks at it.
    package let path: String
    /// Whether the path is the control API's (`/__sandbox` and below), asked by several layers.
    package let isControl: Bool
    /// The route the request matched, with the parameters its pattern captured (`parameter(_:)`); nil when none did.
    private let match: RouteMatch?
    /// The id sent back in the `request-id` header, as its bytes (the encoder writes them out).
    package let requestUUID: PackedUUID
    /// The `request-id` as text, as events store it.
    package var requestId: String { requestUUID.text }
    /// The sandbox time at which the request is handled.
    package let now: Timestamp
    /// The base URL merchants reach the sandbox at, e.g. `http://127.0.0.1:8080`: the configured one, else
    /// `http://` and the request's `Host`. Made when asked: most requests never link to the sandbox.
    package var baseURL: String { address.baseURL(host: request.headers["Host"]) }

    /// Where the request was sent: the parts of its URL.
    var address: InboundAddress {
        InboundAddress(configuredBaseURL: configuredBaseURL, target: request.target)
    }
    /// `--base-url`, when given.
    private let configuredBaseURL: String?
    /// The account the bearer token acts for, set before the handler of a `.bearer` route runs (and of a
    /// `.bearerIfPresent` one given a token); empty otherwise.
    package let accountId: String
    /// What the sandbox kept of the connection's earlier requests; nil for a request not read from a connection.
    let memo: RequestMemo?

    /// Creates the context of a routed request: its path as split off already, and the account of its token.
    /// - Parameter baseURL: the configured base URL; nil to make it from the request's `Host`.
    init(
        request: HTTPRequest, path: String, match: RouteMatch?, requestId: PackedUUID, now: Timestamp,
        baseURL: String?, accountId: String = "", memo: RequestMemo? = nil
    ) {
        self.request = request
        self.path = path
        self.isControl = path.isPath("/__sandbox")
        self.match = match
        self.requestUUID = requestId
        self.now = now
        self.configuredBaseURL = baseURL
        self.accountId = accountId
        self.memo = memo
    }

    /// This context with the request sent to another target (a page that answers as another endpoint would).
    func retargeted(to target: String) -> RequestContext {
        var request = request
        request.target = target
        return RequestContext(
            request: request, path: path, match: match, requestId: requestUUID, now: now,
            baseURL: configuredBaseURL, accountId: accountId, memo: memo)
    }

    /// A captured path parameter; the router guarantees the pattern's names are present.
    package func parameter(_ name: String) -> String {
        match?.parameter(name) ?? ""
    }

    /// The body parsed as JSON; an empty body is an empty object, and a non-JSON content type is a 415.
    package func jsonBody() throws(APIError) -> JSONValue {
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
    package func jsonObject() throws(APIError) -> JSONValue {
        let value = try jsonBody()
        guard case .object = value else { throw .invalid("body", "expected a JSON object, got \(value.typeName)") }
        return value
    }

    /// The first value of a query parameter.
    package func query(_ name: String) -> String? {
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

extension RequestContext {
    /// The `{account_id}` of an account-scoped path (`/v1/accounts/{aid}/…`) when it is the token's account; any
    /// other account does not exist for this token (404).
    func ownAccountId() throws(APIError) -> String {
        let accountId = parameter("account_id")
        guard accountId == self.accountId else { throw .notFound("Account \(accountId) not found") }
        return accountId
    }
}
