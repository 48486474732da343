import Foundation
import SandboxHTTP
import SandboxSupport

/// Delivers callbacks over HTTP with `SandboxHTTP.HTTPClient`: `http://` and loopback URLs (it is a sandbox),
/// redirects never followed, the answer's body capped at 64 KiB.
struct HTTPCallbackTransport: CallbackTransport {
    let client: HTTPClient

    /// A transport whose attempts give up after `timeout` (Dintero's is 10 s), connecting and answering together.
    init(timeout: Duration) {
        let milliseconds = Int(timeout.milliseconds)
        client = HTTPClient(
            configuration: HTTPClientConfiguration(
                connectTimeoutMilliseconds: milliseconds, readTimeoutMilliseconds: milliseconds,
                totalTimeoutMilliseconds: milliseconds, maxBodySize: 64 * 1024, userAgent: "Kravia-Sandbox-Callbacks"))
    }

    func deliver(_ request: CallbackRequest) -> CallbackResponse {
        let started = ContinuousClock.now
        do {
            let response = try client.send(
                OutboundRequest(method: request.method, url: request.url, headers: request.headers, body: request.body))
            return CallbackResponse(
                status: response.status, headers: response.headers, body: response.body,
                durationMilliseconds: Self.milliseconds(response.duration))
        } catch {
            return CallbackResponse(
                failure: CallbackFailure(reason: error.description, isRetryable: Self.isRetryable(error)),
                durationMilliseconds: Self.milliseconds(ContinuousClock.now - started))
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
