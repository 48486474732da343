import Foundation
import SandboxHTTP
import SandboxSupport

/// One request and its response as the journal keeps it: inbound to the sandbox, or an outbound callback attempt.
struct ExchangeRecord: Sendable {
    enum Direction: String, Sendable {
        case inbound
        case outbound
    }

    var direction: Direction
    var method: String
    /// Where the request went, as given (a callback's URL) or in parts (an inbound request's).
    var address: ExchangeAddress
    /// The full URL: the callback's, or the sandbox's base URL plus the request target.
    var url: String { address.url }
    var path: String
    var requestHeaders: HTTPHeaders
    var requestBody: Data
    /// Nil when no response arrived (connection error, timeout).
    var status: Int?
    var responseHeaders: HTTPHeaders
    var responseBody: Data
    var wallTime: Timestamp
    var sandboxTime: Timestamp
    var durationMilliseconds: Double
    var accountId: String?
    var sessionId: String?
    var transactionId: String?
    var merchantReference: String?
    /// Why an outbound attempt failed, when it did.
    var error: String?
    /// The callback delivery and attempt number, for outbound records.
    var deliveryId: String?
    var attempt: Int?
    /// Whether `inferIdentifiers()` has run; until then nil ids may only mean "not looked for yet".
    var identifiersInferred = false

    /// Records an exchange; where it went is `address` when given (an inbound request's parts), else `url`.
    init(
        direction: Direction, method: String, url: String = "", address: ExchangeAddress? = nil, path: String,
        requestHeaders: HTTPHeaders = [:],
        requestBody: Data = Data(), status: Int?, responseHeaders: HTTPHeaders = [:], responseBody: Data = Data(),
        wallTime: Timestamp, sandboxTime: Timestamp, durationMilliseconds: Double, accountId: String? = nil,
        sessionId: String? = nil, transactionId: String? = nil, merchantReference: String? = nil,
        error: String? = nil, deliveryId: String? = nil, attempt: Int? = nil
    ) {
        self.direction = direction
        self.method = method
        self.address = address ?? .url(url)
        self.path = path
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.wallTime = wallTime
        self.sandboxTime = sandboxTime
        self.durationMilliseconds = durationMilliseconds
        self.accountId = accountId
        self.sessionId = sessionId
        self.transactionId = transactionId
        self.merchantReference = merchantReference
        self.error = error
        self.deliveryId = deliveryId
        self.attempt = attempt
    }
}

/// Where a recorded request went: a callback's URL as given, or an inbound request's parts, joined into its URL
/// only when read (most records never are; joining them cost every request an allocation on its thread).
enum ExchangeAddress: Sendable, Equatable {
    case url(String)
    case inbound(InboundAddress)

    var url: String {
        switch self {
        case .url(let url): url
        case .inbound(let address): address.url
        }
    }

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

/// The parts of an inbound request's URL: the configured base URL (`--base-url`) or the `Host` it was sent
/// to, and its target.
struct InboundAddress: Sendable, Equatable {
    var configuredBaseURL: String?
    var host: String?
    var target: String

    /// The base URL merchants reach the sandbox at: the configured one, else `http://` and the `Host`.
    var baseURL: String {
        configuredBaseURL ?? String.joining("http://", host ?? Self.defaultHost)
    }

    /// The base URL and the target.
    var url: String {
        guard let configuredBaseURL else { return String.joining("http://", host ?? Self.defaultHost, target) }
        return String.joining(configuredBaseURL, target)
    }

    private static let defaultHost = "127.0.0.1:8080"
}
