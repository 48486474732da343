import SandboxHTTP
import SandboxSupport

extension Sandbox {
    /// What the transport answers a client it turns away before a request is complete (malformed, too large, too
    /// slow, too many connections): Dintero's error shape with a `request-id`, journaled like every answer.
    public func rejection(status: Int, reason: String, remoteAddress: String) -> HTTPResponse {
        var response = APIError(status: status, code: Self.rejectionCode(status), message: reason).response
        response.headers.requestId = ids.requestId()
        journal.append(
            ExchangeRecord(
                direction: .inbound, method: "", url: "", path: "", status: status,
                responseHeaders: response.headers, responseBody: response.body, wallTime: SandboxClock.wallNow(),
                sandboxTime: clock.now(), durationMilliseconds: 0, error: "rejected \(remoteAddress): \(reason)"))
        return response
    }

    static func rejectionCode(_ status: Int) -> String {
        switch status {
        case 408: "REQUEST_TIMEOUT"
        case 413: "PAYLOAD_TOO_LARGE"
        case 414: "URI_TOO_LONG"
        case 431: "REQUEST_HEADER_FIELDS_TOO_LARGE"
        case 501: "NOT_IMPLEMENTED"
        case 503: "SERVICE_UNAVAILABLE"
        default: "BAD_REQUEST"
        }
    }
}
