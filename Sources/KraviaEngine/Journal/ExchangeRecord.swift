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
    /// The full URL: the callback's, or the sandbox's base URL plus the request target.
    var url: String
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

    init(
        direction: Direction, method: String, url: String, path: String, requestHeaders: HTTPHeaders = [:],
        requestBody: Data = Data(), status: Int?, responseHeaders: HTTPHeaders = [:], responseBody: Data = Data(),
        wallTime: Timestamp, sandboxTime: Timestamp, durationMilliseconds: Double, accountId: String? = nil,
        sessionId: String? = nil, transactionId: String? = nil, merchantReference: String? = nil,
        error: String? = nil, deliveryId: String? = nil, attempt: Int? = nil
    ) {
        self.direction = direction
        self.method = method
        self.url = url
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
