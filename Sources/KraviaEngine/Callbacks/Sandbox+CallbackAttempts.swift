import Foundation
import SandboxHTTP

extension Sandbox {
    /// Makes one delivery attempt of a queued callback, without waiting for it.
    ///
    /// The request is built and signed now (the signature's `t` is the attempt's sandbox time), then handed to
    /// the delivery's lane; the result is recorded, and any retry scheduled, when the merchant has answered.
    func performCallbackAttempt(deliveryId: String, at due: Timestamp) {
        let attemptTime = clock.isFrozen ? due : max(due, clock.now())
        let prepared = withState { state -> (CallbackRequest, lane: String, number: Int)? in
            guard var delivery = state.callbackDeliveries[deliveryId], delivery.state == .pending else { return nil }
            let secret = state.accounts[delivery.accountId]?.settings.signatureSecret
            let request = Self.callbackRequest(for: delivery, secret: secret, at: attemptTime)
            delivery.nextAttemptAt = nil
            state.callbackDeliveries[deliveryId] = delivery
            return (request, delivery.lane, delivery.attempts.count + 1)
        }
        guard let (request, lane, number) = prepared else { return }
        callbackLanes.submit(lane: lane) { [self] in
            let wallTime = SandboxClock.wallNow()
            let response = callbackTransport.deliver(request)
            finishCallbackAttempt(
                deliveryId: deliveryId, number: number, request: request, response: response,
                sandboxTime: attemptTime, wallTime: wallTime)
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

    /// Records an attempt's outcome, settles the delivery or schedules its retry, and journals the exchange.
    private func finishCallbackAttempt(
        deliveryId: String, number: Int, request: CallbackRequest, response: CallbackResponse, sandboxTime: Timestamp,
        wallTime: Timestamp
    ) {
        var attempt = CallbackAttempt(
            number: number, sandboxTime: sandboxTime, wallTime: wallTime, url: request.url, method: request.method,
            requestHeaders: request.headers, requestBody: request.body, status: response.status,
            responseHeaders: response.headers, responseBody: response.body.prefix(CallbackAttempt.bodyExcerptLimit),
            durationMilliseconds: response.durationMilliseconds, error: response.failure?.reason)
        let policy = configuration.callbackRetry
        let recorded = withState { state -> CallbackDelivery? in
            // A reset while the attempt was under way forgot the delivery: nothing left to record.
            guard var delivery = state.callbackDeliveries[deliveryId] else { return nil }
            switch policy.verdict(status: response.status, failure: response.failure, attempt: number) {
            case .delivered:
                delivery.state = .delivered
            case .failed:
                delivery.state = .failed
                attempt.error = Self.finalError(response, attempt: number)
            case .retry:
                // With a running clock the wait starts when the merchant finally answered (or timed out).
                let base = clock.isFrozen ? sandboxTime : max(sandboxTime, clock.now())
                let next = base.adding(milliseconds: policy.backoffMilliseconds(afterAttempt: number))
                attempt.nextAttemptAt = next
                delivery.nextAttemptAt = next
                state.timeline.schedule(.callbackAttempt(deliveryId: deliveryId), at: next)
            }
            if attempt.error == nil, let status = response.status, !(200...299).contains(status) {
                attempt.error = "HTTP \(status)"
            }
            delivery.attempts.append(attempt)
            state.callbackDeliveries[deliveryId] = delivery
            return delivery
        }
        guard let delivery = recorded else { return }
        if delivery.nextAttemptAt != nil { wakeTimelineRunner() }
        record(ExchangeRecord(callback: delivery, attempt: attempt))
    }
}

extension Sandbox {
    /// Why a delivery ended without success, for the attempt that ended it.
    static func finalError(_ response: CallbackResponse, attempt number: Int) -> String {
        switch (response.status, response.failure) {
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
            sessionId: delivery.sessionId, transactionId: delivery.transactionId,
            merchantReference: delivery.merchantReference, error: attempt.error, deliveryId: delivery.id,
            attempt: attempt.number)
    }
}
