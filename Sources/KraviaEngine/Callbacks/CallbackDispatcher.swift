import Dispatch
import Foundation
import SandboxHTTP
import SandboxSupport

/// Sends callback attempts: the only code that calls out to merchants.
///
/// It owns the lanes attempts wait on (one per transaction, so its callbacks keep their order), the transports
/// and the retry policies. An attempt is prepared and signed with the ledger locked, handed to the transport
/// with nothing locked, and its outcome recorded (with any retry scheduled) under the lock again, then
/// journaled — by the recorder queue, in batches: answers that arrive while one batch is recorded share the
/// next lock, so the outbound loop never waits for the ledger.
final class CallbackDispatcher: Sendable {
    private let ledger: LedgerStore
    private let clock: SandboxClock
    private let journal: Journal
    private let transport: any CallbackTransport
    private let webhookTransport: any CallbackTransport
    private let retry: CallbackRetryPolicy
    private let webhookRetry: CallbackRetryPolicy
    private let lanes = CallbackLanes()
    /// Answers waiting to be recorded, and the serial queue that records them in batches.
    private let answers = Locked<[Answer]>([])
    private let recorder = DispatchQueue(label: "kravia.callbacks.recorder")

    init(
        ledger: LedgerStore, clock: SandboxClock, journal: Journal, transport: any CallbackTransport,
        webhookTransport: any CallbackTransport, retry: CallbackRetryPolicy, webhookRetry: CallbackRetryPolicy
    ) {
        self.ledger = ledger
        self.clock = clock
        self.journal = journal
        self.transport = transport
        self.webhookTransport = webhookTransport
        self.retry = retry
        self.webhookRetry = webhookRetry
    }

    /// The number of attempts queued or under way.
    var inFlight: Int { lanes.count }

    /// Blocks until no attempt is queued or under way, or `timeout` has passed.
    /// - Returns: true when idle, false on timeout.
    func waitUntilIdle(timeout: Duration) -> Bool {
        lanes.waitUntilIdle(timeout: timeout)
    }

    /// Makes one delivery attempt of a queued callback, without waiting for it.
    ///
    /// The request is built and signed now (the signature's `t` is the attempt's sandbox time), then handed to
    /// the delivery's lane; the result is recorded, and any retry scheduled, when the merchant has answered.
    func attempt(accountId: String, deliveryId: String, at due: Timestamp) {
        let attemptTime = clock.isFrozen ? due : max(due, clock.now())
        let prepared = ledger.transact(waitingFor: .acknowledgedChanges) {
            ledger -> (CallbackRequest, lane: String, number: Int)? in
            guard var delivery = ledger.books[accountId]?.deliveries[deliveryId], delivery.state == .pending else {
                return nil
            }
            let request: CallbackRequest
            if let webhook = delivery.webhook {
                let secret = ledger.books[accountId]?.subscriptions[webhook.subscriptionId]?.secret
                request = Self.webhookRequest(for: delivery, event: webhook.event, secret: secret)
            } else {
                let secret = ledger.books[accountId]?.account.settings.signatureSecret
                request = Self.callbackRequest(for: delivery, secret: secret, at: attemptTime)
            }
            delivery.nextAttemptAt = nil
            ledger.books[accountId]?.deliveries[deliveryId] = delivery
            return (request, delivery.lane, delivery.attempts.count + 1)
        }
        guard let (request, lane, number) = prepared else { return }
        let isWebhook = request.headers["event"] != nil
        lanes.submit(lane: lane) { [self] finished in
            let wallTime = SandboxClock.wallNow()
            (isWebhook ? webhookTransport : transport).deliver(request) { [self] response in
                answered(
                    Answer(
                        accountId: accountId, deliveryId: deliveryId, number: number, request: request,
                        response: response, sandboxTime: attemptTime, wallTime: wallTime, finished: finished))
            }
        }
    }
    /// The request for the next attempt of `delivery`: its URL and body, signed when the account has a secret.
    static func callbackRequest(for delivery: CallbackDelivery, secret: String?, at time: Timestamp)
        -> CallbackRequest
    {
        var headers: HTTPHeaders = [:]
        if delivery.body != nil { headers["Content-Type"] = "application/json; charset=utf-8" }
        if let secret {
            // A scenario's wrong signature is still well-formed: only the key differs, as with a rotated secret.
            let key = delivery.signsWithWrongSecret ? secret + "-wrong" : secret
            if let signature = CallbackSignature.header(
                secret: key, timestamp: time.unixSeconds, accountId: delivery.accountId, method: delivery.method,
                url: delivery.url)
            {
                headers["Dintero-Signature"] = signature
            }
        }
        headers["event-delivery"] = delivery.id
        return CallbackRequest(
            method: delivery.method, url: delivery.url, headers: headers, body: delivery.body ?? Data())
    }

    /// A webhook delivery: POST JSON with `event`, `event-delivery` and, when the subscription has a secret,
    /// `event-signature`: the hex HMAC-SHA1 of the body (docs.dintero.com/docs/checkout/webhooks).
    static func webhookRequest(for delivery: CallbackDelivery, event: WebhookEvent, secret: String?)
        -> CallbackRequest
    {
        let body = delivery.body ?? Data()
        var headers: HTTPHeaders = [
            "Content-Type": "application/json", "event": event.rawValue, "event-delivery": delivery.id,
        ]
        if let secret {
            headers["event-signature"] =
                HMACSHA1.authenticationCode(key: Array(secret.utf8), message: Array(body))
                .hexString
        }
        return CallbackRequest(method: "POST", url: delivery.url, headers: headers, body: body)
    }

    /// An attempt the merchant answered (or that failed), waiting to be recorded.
    private struct Answer {
        var accountId: String
        var deliveryId: String
        var number: Int
        var request: CallbackRequest
        var response: CallbackResponse
        var sandboxTime: Timestamp
        var wallTime: Timestamp
        /// Tells the attempt's lane it is done.
        var finished: @Sendable () -> Void
    }

    /// Queues an answer for the recorder. The transport's thread (the outbound loop's, for HTTP) only appends:
    /// recording takes the ledger's lock, which request threads hold most of the time under load, and the loop
    /// must go on reading sockets meanwhile.
    private func answered(_ answer: Answer) {
        let first = answers.withLock { answers in
            answers.append(answer)
            return answers.count == 1
        }
        if first { recorder.async { [self] in recordAnswers() } }
    }

    /// Records every queued answer under one lock, journals them, then lets their lanes go on.
    private func recordAnswers() {
        let batch = answers.withLock { answers in
            defer { answers = [] }
            return answers
        }
        let recorded = ledger.transact(waitingFor: .acknowledgedChanges) { ledger in
            batch.map { record($0, in: &ledger) }
        }
        for (answer, outcome) in zip(batch, recorded) {
            if let (delivery, attempt) = outcome {
                journal.append(ExchangeRecord(callback: delivery, attempt: attempt))
            }
            answer.finished()
        }
    }

    /// Records an attempt's outcome and settles the delivery or schedules its retry.
    /// - Returns: the delivery and the attempt as recorded, for the journal; nil when a reset forgot the delivery
    ///   while the attempt was under way.
    private func record(_ answer: Answer, in ledger: inout Ledger) -> (CallbackDelivery, CallbackAttempt)? {
        let (request, response, number, sandboxTime) = (
            answer.request, answer.response, answer.number, answer.sandboxTime
        )
        var attempt = CallbackAttempt(
            number: number, sandboxTime: sandboxTime, wallTime: answer.wallTime, url: request.url,
            method: request.method, requestHeaders: request.headers, requestBody: request.body,
            status: response.status, responseHeaders: response.headers,
            responseBody: response.body.prefix(CallbackAttempt.bodyExcerptLimit),
            durationMilliseconds: response.durationMilliseconds, error: response.failure?.reason)
        guard var delivery = ledger.books[answer.accountId]?.deliveries[answer.deliveryId] else { return nil }
        let policy = delivery.webhook == nil ? retry : webhookRetry
        switch policy.verdict(status: response.status, failure: response.failure, attempt: number) {
        case .delivered:
            delivery.state = .delivered
        case .failed:
            delivery.state = .failed
            attempt.error = Self.finalError(response, attempt: number, retriesEveryFailure: policy.retriesEveryFailure)
        case .retry:
            // With a running clock the wait starts when the merchant finally answered (or timed out).
            let base = clock.isFrozen ? sandboxTime : max(sandboxTime, clock.now())
            let next = base.adding(policy.backoff(afterAttempt: number))
            attempt.nextAttemptAt = next
            delivery.nextAttemptAt = next
            ledger.timeline.schedule(
                .callbackAttempt(accountId: answer.accountId, deliveryId: answer.deliveryId), at: next)
            ledger.require(.wakeTimeline)
        }
        if attempt.error == nil, let status = response.status, !(200...299).contains(status) {
            attempt.error = "HTTP \(status)"
        }
        delivery.attempts.append(attempt)
        ledger.books[answer.accountId]?.deliveries[answer.deliveryId] = delivery
        return (delivery, attempt)
    }

    /// Why a delivery ended without success, for the attempt that ended it.
    static func finalError(_ response: CallbackResponse, attempt number: Int, retriesEveryFailure: Bool = false)
        -> String
    {
        switch (response.status, response.failure) {
        case (.some(let status), _) where retriesEveryFailure:
            return "HTTP \(status); gave up after \(number) attempts"
        case (.some(let status), _) where (300...399).contains(status):
            return "HTTP \(status): redirects are not followed; not retried"
        case (.some(let status), _) where (400...499).contains(status):
            return "HTTP \(status): permanent failure; not retried"
        case (_, .some(let failure)) where !failure.isRetryable:
            return failure.reason + "; not retried"
        case (let status, let failure):
            let cause = failure?.reason ?? status.map { "HTTP \($0)" } ?? "no response"
            return cause + "; gave up after \(number) attempts"
        }
    }
}

extension ExchangeRecord {
    /// The journal's view of one callback attempt.
    init(callback delivery: CallbackDelivery, attempt: CallbackAttempt) {
        self.init(
            direction: .outbound, method: attempt.method, url: attempt.url,
            path: URLParts(attempt.url)?.path ?? attempt.url, requestHeaders: attempt.requestHeaders,
            requestBody: attempt.requestBody, status: attempt.status, responseHeaders: attempt.responseHeaders,
            responseBody: attempt.responseBody, wallTime: attempt.wallTime, sandboxTime: attempt.sandboxTime,
            durationMilliseconds: attempt.durationMilliseconds, accountId: delivery.accountId,
            sessionId: delivery.sessionId.isEmpty ? nil : delivery.sessionId, transactionId: delivery.transactionId,
            merchantReference: delivery.merchantReference.isEmpty ? nil : delivery.merchantReference,
            error: attempt.error, deliveryId: delivery.id,
            attempt: attempt.number)
    }
}
