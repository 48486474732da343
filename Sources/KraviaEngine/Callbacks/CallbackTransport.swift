import Dispatch
import Foundation
import SandboxHTTP

/// Sends one callback attempt and reports what came back; injected so tests and embedders can replace HTTP.
///
/// The sandbox calls `deliver(_:completion:)`, never with its state locked. A transport that only implements
/// the blocking `deliver(_:)` gets it run on a Dispatch thread; the built-in HTTP transport instead hands the
/// attempt to one epoll loop, so attempts in flight cost no thread each.
public protocol CallbackTransport: Sendable {
    /// Sends `request` once, without following redirects, and waits for the outcome.
    /// - Returns: the response, or the reason there was none.
    func deliver(_ request: CallbackRequest) -> CallbackResponse

    /// Sends `request` once, without following redirects and without waiting; `completion` gets the outcome
    /// exactly once, on any thread.
    func deliver(_ request: CallbackRequest, completion: @escaping @Sendable (CallbackResponse) -> Void)
}

extension CallbackTransport {
    /// Runs the blocking `deliver(_:)` on a Dispatch thread.
    public func deliver(_ request: CallbackRequest, completion: @escaping @Sendable (CallbackResponse) -> Void) {
        DispatchQueue.global().async { completion(self.deliver(request)) }
    }
}

/// One callback attempt as it goes on the wire.
public struct CallbackRequest: Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// The merchant's `callback_url` with Dintero's parameters added.
    public var url: String
    /// `Dintero-Signature`, `event-delivery`, and `Content-Type` for POST.
    public var headers: HTTPHeaders
    /// The transaction JSON for POST callbacks; empty for GET.
    public var body: Data

    /// Creates a request.
    public init(method: String, url: String, headers: HTTPHeaders, body: Data) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What a callback attempt led to: a response, or a failure before one arrived.
public struct CallbackResponse: Sendable {
    /// The status code; nil when no response arrived.
    public var status: Int?
    /// The response header fields.
    public var headers: HTTPHeaders
    /// The start of the response body (transports cap what they read).
    public var body: Data
    /// Why no response arrived (connection refused, timeout, ...), when it did not.
    public var failure: CallbackFailure?
    /// Time from sending to the end of the response or the failure, in wall-clock milliseconds.
    public var durationMilliseconds: Double

    /// Creates a response that arrived.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), durationMilliseconds: Double = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.durationMilliseconds = durationMilliseconds
    }

    /// Creates the outcome of an attempt that got no response.
    public init(failure: CallbackFailure, durationMilliseconds: Double = 0) {
        self.status = nil
        self.headers = [:]
        self.body = Data()
        self.failure = failure
        self.durationMilliseconds = durationMilliseconds
    }
}

/// Why an attempt got no response, and whether trying again could help.
public struct CallbackFailure: Sendable, Equatable {
    /// A one-line explanation for the journal, e.g. `connection refused by 127.0.0.1:9`.
    public var reason: String
    /// True for a timeout or connection error (retried); false when the URL can never be reached
    /// (unsupported scheme, invalid URL), which ends the delivery at once.
    public var isRetryable: Bool

    /// Creates a failure.
    public init(reason: String, isRetryable: Bool) {
        self.reason = reason
        self.isRetryable = isRetryable
    }
}
