import Foundation
import SandboxHTTP
import SandboxSupport

/// One request and its response as the journal keeps it: inbound to the sandbox, or an outbound callback attempt.
///
/// What was exchanged is fixed once recorded and sits in one shared `Content`: the journal, its waiters and the
/// log writer each hold a copy of the record, and a copy is then one reference, not a dozen strings, headers and
/// bodies retained one by one. The ids inferred later (`inferIdentifiers()`) are the record's own, in one shared
/// `ExchangeIdentifiers` too (four strings in the record were four more references in each copy).
struct ExchangeRecord: Sendable {
    enum Direction: String, Sendable {
        case inbound
        case outbound
    }

    /// The exchange as recorded. Its members are in the order that leaves the least padding (the words first, the
    /// single bytes last), and what few exchanges have is apart (`Annex`): an entry the journal keeps for every request
    /// took 288 bytes of memory, now 224. A response kept in parts (`ResponseParts`) has an empty `responseBody`.
    final class Content: Sendable {
        let method: String
        let path: String
        let requestBody: Data
        let responseBody: Data
        let wallTime: Timestamp
        let sandboxTime: Timestamp
        let durationMilliseconds: Double
        let annex: Annex?
        let requestHeaders: HTTPHeaders
        let responseHeaders: HTTPHeaders
        let address: ExchangeAddress
        let status: Int?
        let direction: Direction

        init(
            direction: Direction, method: String, address: ExchangeAddress, path: String, requestHeaders: HTTPHeaders,
            requestBody: Data, status: Int?, responseHeaders: HTTPHeaders, responseBody: Data, wallTime: Timestamp,
            sandboxTime: Timestamp, durationMilliseconds: Double, error: String?, deliveryId: String?, attempt: Int?,
            responseParts: ResponseParts?
        ) {
            self.direction = direction
            self.method = method
            self.address = address
            self.path = path
            self.requestHeaders = requestHeaders
            self.requestBody = requestBody
            self.status = status
            self.responseHeaders = responseHeaders
            self.responseBody = responseBody
            self.wallTime = wallTime
            self.sandboxTime = sandboxTime
            self.durationMilliseconds = durationMilliseconds
            let isPlain = error == nil && deliveryId == nil && attempt == nil && responseParts == nil
            self.annex =
                isPlain
                ? nil : Annex(error: error, deliveryId: deliveryId, attempt: attempt, responseParts: responseParts)
        }
    }

    /// What only a failed exchange (`error`), a callback attempt (`deliveryId`, `attempt`) or a response kept in
    /// parts (`responseParts`) has.
    final class Annex: Sendable {
        let error: String?
        let deliveryId: String?
        let attempt: Int?
        let responseParts: ResponseParts?

        init(error: String?, deliveryId: String?, attempt: Int?, responseParts: ResponseParts?) {
            self.error = error
            self.deliveryId = deliveryId
            self.attempt = attempt
            self.responseParts = responseParts
        }
    }

    /// A response body kept as its own first bytes and an end shared with other records: the health document's,
    /// whose scenarios and lifecycles (most of its ~1 KB) stay the same from one poll to the next while its counts
    /// change. Kept whole, every poll's entry held a fresh copy of them.
    struct ResponseParts: Sendable {
        let head: [UInt8]
        /// Not copied: the same array every record of the same end holds.
        let sharedTail: [UInt8]

        /// The body, the head then the tail.
        var joined: Data {
            var body = Data(capacity: head.count + sharedTail.count)
            body.append(contentsOf: head)
            body.append(contentsOf: sharedTail)
            return body
        }
    }

    let content: Content
    /// The ids the exchange concerns: given when it was recorded (a callback's), or inferred later; nil while none
    /// is known. Shared by every copy of the record, and by the next poll read like it (`SkimMemo`); set only by
    /// `inferIdentifiers()`.
    var identifiers: ExchangeIdentifiers?
    /// Whether `inferIdentifiers()` has run; until then nil ids may only mean "not looked for yet".
    var identifiersInferred = false

    var accountId: String? { identifiers?.accountId }
    var sessionId: String? { identifiers?.sessionId }
    var transactionId: String? { identifiers?.transactionId }
    var merchantReference: String? { identifiers?.merchantReference }
    var direction: Direction { content.direction }
    var method: String { content.method }
    /// Where the request went, as given (a callback's URL) or in parts (an inbound request's).
    var address: ExchangeAddress { content.address }
    /// The full URL: the callback's, or the sandbox's base URL plus the request target.
    var url: String {
        switch content.address {
        case .url(let url): url
        case .inbound(let address): address.url(host: content.requestHeaders["Host"])
        }
    }
    var path: String { content.path }
    var requestHeaders: HTTPHeaders { content.requestHeaders }
    var requestBody: Data { content.requestBody }
    /// Nil when no response arrived (connection error, timeout).
    var status: Int? { content.status }
    var responseHeaders: HTTPHeaders { content.responseHeaders }
    /// The body as sent, joined from its parts for a response kept in parts.
    var responseBody: Data { content.annex?.responseParts?.joined ?? content.responseBody }
    var wallTime: Timestamp { content.wallTime }
    var sandboxTime: Timestamp { content.sandboxTime }
    var durationMilliseconds: Double { content.durationMilliseconds }
    /// Why an outbound attempt failed, when it did.
    var error: String? { content.annex?.error }
    /// The callback delivery and attempt number, for outbound records.
    var deliveryId: String? { content.annex?.deliveryId }
    var attempt: Int? { content.annex?.attempt }

    /// Records an exchange; where it went is `address` when given (an inbound request's parts), else `url`. A
    /// response body kept in parts is `responseParts`, with an empty `responseBody`.
    init(
        direction: Direction, method: String, url: String = "", address: ExchangeAddress? = nil, path: String,
        requestHeaders: HTTPHeaders = [:],
        requestBody: Data = Data(), status: Int?, responseHeaders: HTTPHeaders = [:], responseBody: Data = Data(),
        wallTime: Timestamp, sandboxTime: Timestamp, durationMilliseconds: Double, accountId: String? = nil,
        sessionId: String? = nil, transactionId: String? = nil, merchantReference: String? = nil,
        error: String? = nil, deliveryId: String? = nil, attempt: Int? = nil, responseParts: ResponseParts? = nil
    ) {
        self.content = Content(
            direction: direction, method: method, address: address ?? .url(url), path: path,
            requestHeaders: requestHeaders, requestBody: requestBody, status: status, responseHeaders: responseHeaders,
            responseBody: responseBody, wallTime: wallTime, sandboxTime: sandboxTime,
            durationMilliseconds: durationMilliseconds, error: error, deliveryId: deliveryId, attempt: attempt,
            responseParts: responseParts)
        // Without a draft: making one for an inbound request's record, which names none, and dropping it was 280
        // instructions.
        self.identifiers = ExchangeIdentifiers.of(
            accountId: accountId, sessionId: sessionId, transactionId: transactionId,
            merchantReference: merchantReference)
    }
}

/// Where a recorded request went: a callback's URL as given, or an inbound request's parts, joined into its URL
/// only when read (most records never are; joining them cost every request an allocation on its thread).
enum ExchangeAddress: Sendable, Equatable {
    case url(String)
    case inbound(InboundAddress)

    /// The query, after the `?` (an inbound request's from its target, without joining its URL).
    var query: Substring? {
        // Searched as bytes: a Character search of the URL cost more than the rest of the inference.
        func query(_ text: String) -> Substring? {
            text.utf8.firstIndex(of: UInt8(ascii: "?")).map { text[text.index(after: $0)...] }
        }
        switch self {
        case .url(let url): return query(url)
        case .inbound(let address): return query(address.target)
        }
    }
}

/// The parts of an inbound request's URL: the configured base URL (`--base-url`), and its target. The `Host` it
/// was sent to is the request's field, read only when a URL is made (recording a request then looks for no
/// field).
struct InboundAddress: Sendable, Equatable {
    var configuredBaseURL: String?
    var target: String

    /// The base URL merchants reach the sandbox at: the configured one, else `http://` and the `Host`.
    func baseURL(host: String?) -> String {
        configuredBaseURL ?? String.joining("http://", host ?? Self.defaultHost)
    }

    /// The base URL and the target.
    func url(host: String?) -> String {
        guard let configuredBaseURL else { return String.joining("http://", host ?? Self.defaultHost, target) }
        return String.joining(configuredBaseURL, target)
    }

    private static let defaultHost = "127.0.0.1:8080"
}
