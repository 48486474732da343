import Foundation
import SandboxHTTP

/// The outermost layer: records every inbound request with the response it got.
///
/// Reads of the journal itself (`/__sandbox/journal*`) and the dashboard's own requests (`/__sandbox/dashboard*`)
/// are logged but not journaled: a test awaiting or listing entries, or a dashboard waiting for the next one,
/// would otherwise fill the journal with its own polling. Every other control request is, including the control
/// calls a dashboard action makes on the user's behalf. A health document is kept in parts, its unchanging end
/// shared with the entries before it (`HealthDocument.parts(of:)`).
struct JournalRecorder: Middleware {
    let journal: Journal
    let healthDocument: HealthDocument

    func respond(to context: RequestContext, next: (RequestContext) -> HTTPResponse) -> HTTPResponse {
        let started = SandboxClock.wallNow()
        let startedUptime = SystemCall.monotonicNanoseconds()
        let response = next(context)
        let elapsed = SystemCall.monotonicNanoseconds() &- startedUptime
        let parts =
            context.isControl && ExchangeRecord.isHealthPath(context.path)
            ? healthDocument.parts(of: response.body) : nil
        let exchange = ExchangeRecord(
            direction: .inbound, method: context.request.method, address: .inbound(context.address),
            path: context.path, requestHeaders: context.request.headers, requestBody: context.request.body,
            status: response.status, responseHeaders: response.headers,
            responseBody: parts == nil ? response.body : Data(), wallTime: started, sandboxTime: context.now,
            durationMilliseconds: Double(elapsed) / 1_000_000, responseParts: parts)
        if context.isControl, Self.isUnjournaled(context.path) {
            journal.logOnly(exchange)
        } else {
            journal.append(consume exchange)  // moved into the journal: a copy retains each of its references
        }
        return response
    }

    static func isUnjournaled(_ path: String) -> Bool {
        path.isPath("/__sandbox/journal") || DashboardAccess.isDashboardPath(path)
    }
}

/// Stamps `request-id` on every answer, faults and gate refusals included, before it is recorded.
struct RequestIdStamp: Middleware {
    func respond(to context: RequestContext, next: (RequestContext) -> HTTPResponse) -> HTTPResponse {
        var response = next(context)
        response.headers.requestId = context.requestUUID
        return response
    }
}
