import Foundation
import SandboxHTTP
import SandboxSupport

/// Delivers callbacks over HTTP: `http://` and loopback URLs (it is a sandbox), redirects never followed, the
/// answer's body capped at 64 KiB. Attempts go through one `OutboundLoop` (one thread for every attempt in
/// flight); the blocking `deliver(_:)` uses `HTTPClient` on the caller's thread.
struct HTTPCallbackTransport: CallbackTransport {
    let client: HTTPClient
    let loop: OutboundLoop

    /// A transport whose attempts give up after `timeout` (Dintero's is 10 s), connecting and answering together.
    init(timeout: Duration) {
        let milliseconds = Int(timeout.milliseconds)
        client = HTTPClient(
            configuration: HTTPClientConfiguration(
                connectTimeoutMilliseconds: milliseconds, readTimeoutMilliseconds: milliseconds,
                totalTimeoutMilliseconds: milliseconds, maxBodySize: 64 * 1024, userAgent: "Kravia-Sandbox-Callbacks"))
        loop = OutboundLoop(configuration: client.configuration)
    }

    func deliver(_ request: CallbackRequest, completion: @escaping @Sendable (CallbackResponse) -> Void) {
        let started = ContinuousClock.now
        loop.send(
            OutboundRequest(method: request.method, url: request.url, headers: request.headers, body: request.body)
        ) { outcome in
            completion(Self.response(outcome, since: started))
        }
    }

    func deliver(_ request: CallbackRequest) -> CallbackResponse {
        let started = ContinuousClock.now
        let outcome = Result { () throws(OutboundError) -> OutboundResponse in
            try client.send(
                OutboundRequest(method: request.method, url: request.url, headers: request.headers, body: request.body))
        }
        return Self.response(outcome, since: started)
    }

    /// The callback's view of what the client got.
    private static func response(
        _ outcome: Result<OutboundResponse, OutboundError>, since started: ContinuousClock.Instant
    )
        -> CallbackResponse
    {
        switch outcome {
        case .success(let response):
            return CallbackResponse(
                status: response.status, headers: response.headers, body: response.body,
                durationMilliseconds: milliseconds(response.duration))
        case .failure(let error):
            return CallbackResponse(
                failure: CallbackFailure(reason: error.description, isRetryable: isRetryable(error)),
                durationMilliseconds: milliseconds(ContinuousClock.now - started))
        }
    }

    /// A URL that cannot be parsed or uses a scheme the client cannot speak will never work: no retry.
    private static func isRetryable(_ error: OutboundError) -> Bool {
        switch error {
        case .invalidURL, .unsupportedScheme: false
        default: true
        }
    }

    /// Fractional milliseconds, for the journal's `duration_ms`.
    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
