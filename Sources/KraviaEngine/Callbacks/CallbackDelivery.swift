import Foundation
import SandboxHTTP
import SandboxSupport

/// One callback to a merchant's `callback_url`: what is sent, why, and every attempt made so far.
struct CallbackDelivery: Sendable, Codable {
    /// Where a delivery stands.
    enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for its first attempt or a retry.
        case pending
        /// A 2xx answered.
        case delivered
        /// Given up: a 4xx or 3xx, an unreachable URL, or the last of the attempts failed.
        case failed
    }

    var id: String
    /// Orders deliveries across accounts for the sandbox-wide list.
    var sequence: Int
    var accountId: String
    var transactionId: String?
    var sessionId: String
    var merchantReference: String
    /// The merchant's `callback_url` with Dintero's parameters added: what every attempt calls.
    var url: String
    var method: String
    /// The transaction (and session with `includes=session`) as it was when the callback was triggered.
    var body: Data?
    /// Why it was sent.
    var trigger: CallbackTrigger.Kind
    /// The event for `report_event` deliveries (`CAPTURE`, `REFUND`, ...).
    var event: TransactionEventKind?
    var eventId: String?
    /// The `error` parameter for failures (`authorization`, `cancelled`, `failed`).
    var error: String?
    /// Set for an account webhook delivery: its subscription and event; nil for a `callback_url` callback.
    var webhook: WebhookTarget?
    /// A scenario asked for the signature to be computed with a wrong secret.
    var signsWithWrongSecret = false
    var createdAt: Timestamp
    var state: State = .pending
    var attempts: [CallbackAttempt] = []
    /// When the next attempt is due; nil while one is under way or once the delivery is settled.
    var nextAttemptAt: Timestamp?

    /// Deliveries of one transaction (or, without one, one session) share a lane, so they go out in order.
    var lane: String { webhook?.subscriptionId ?? transactionId ?? sessionId }
}

/// One try at delivering a callback, as recorded for `GET /__sandbox/callbacks` and the journal.
struct CallbackAttempt: Sendable, Codable {
    var number: Int
    /// Sandbox time of the attempt (the signature's `t`).
    var sandboxTime: Timestamp
    var wallTime: Timestamp
    var url: String
    var method: String
    var requestHeaders: HTTPHeaders
    var requestBody: Data
    var status: Int?
    var responseHeaders: HTTPHeaders
    /// At most `CallbackAttempt.bodyExcerptLimit` bytes of the response body.
    var responseBody: Data
    var durationMilliseconds: Double
    var error: String?
    /// When the retry is due, if one was scheduled.
    var nextAttemptAt: Timestamp?

    /// How much of a merchant's response body is kept: enough to read an error page's message.
    static let bodyExcerptLimit = 4096
}
