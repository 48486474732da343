import Foundation
import SandboxHTTP

/// One request and its response as the journal keeps it: inbound to the sandbox, or an outbound callback attempt.
struct ExchangeRecord: Sendable {
    enum Direction: String, Sendable {
        case inbound
        case outbound
    }

    var direction: Direction
    var method: String
    /// The full URL (outbound) or the request target (inbound).
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
}
