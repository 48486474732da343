/// When a failed callback attempt is tried again, in sandbox time.
///
/// Dintero retries "only after a failed attempt: HTTP 100–101 and 500–599, request timeout 10 s, connection
/// errors" and treats 400–499 as permanent, up to 20 times; it does not document the back-off, so this one
/// doubles from one second and levels off at five minutes: 1, 2, 4, ... 256, 300, 300, ... seconds, the
/// twentieth attempt coming about 58 minutes after the first.
public struct CallbackRetryPolicy: Sendable, Equatable {
    /// What an attempt's outcome means for the delivery.
    enum Verdict: Equatable {
        case delivered
        case retry
        case failed
    }

    /// Attempts in all, the first included.
    public var maximumAttempts = 20
    /// The wait after the first failed attempt; it doubles after every further failure.
    public var initialBackoff = Duration.seconds(1)
    /// The longest wait between two attempts.
    public var maximumBackoff = Duration.seconds(300)
    /// Every answer outside 2xx is tried again (webhooks), not only 1xx, 5xx and transport failures (callbacks).
    public var retriesEveryFailure = false

    /// Dintero's schedule as documented above.
    public init() {}

    /// Account webhooks: "Any response outside of the 200 range" is a failure, redirects included; up to 5
    /// attempts, 120 seconds apart (docs.dintero.com, Hooks API, "Create new subscription").
    public static var webhooks: CallbackRetryPolicy {
        var policy = CallbackRetryPolicy()
        policy.maximumAttempts = 5
        policy.initialBackoff = .seconds(120)
        policy.maximumBackoff = .seconds(120)
        policy.retriesEveryFailure = true
        return policy
    }

    /// The wait after failed attempt number `attempt` (1-based).
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 40)
        let initial = initialBackoff.milliseconds
        let wait = initial.multipliedReportingOverflow(by: Int64(1) << doublings)
        let maximum = maximumBackoff.milliseconds
        return .milliseconds(wait.overflow ? maximum : min(wait.partialValue, maximum))
    }

    /// 2xx is done; 1xx, 5xx and retryable transport failures are tried again while attempts remain; everything
    /// else is final. A 3xx is not followed (Dintero does not list redirects) and, not being in Dintero's
    /// retryable list, fails the delivery at once, like a 4xx.
    func verdict(status: Int?, failure: CallbackFailure?, attempt: Int) -> Verdict {
        let retryable: Bool
        switch status {
        case .some(200...299): return .delivered
        case .some(100...199), .some(500...599): retryable = true
        case .some: retryable = retriesEveryFailure
        case .none: retryable = failure?.isRetryable ?? true
        }
        return retryable && attempt < maximumAttempts ? .retry : .failed
    }
}
