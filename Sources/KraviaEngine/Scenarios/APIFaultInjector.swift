import Foundation
import SandboxHTTP

/// Answers with a scenario's API fault instead of handling the request, when one applies now.
///
/// A delay sleeps this request's thread (at most 30 s) before the fault's status is answered, or before the
/// request is handled normally when the fault has no status. The control API (`/__sandbox/...`) is never
/// faulted, and until a scenario with faults is in use no request pays for the lookup.
struct APIFaultInjector: Middleware {
    let ledger: LedgerStore
    let tokens: TokenStore

    func respond(to context: RequestContext, next: (RequestContext) -> HTTPResponse) -> HTTPResponse {
        let request = context.request
        guard ledger.hasArmedFaults, !context.isControl else { return next(context) }
        let tokenAccount = tokens.account(for: request.headers["Authorization"])
        let fired = ledger.transact {
            $0.fireFault(method: request.method, path: context.path, tokenAccount: tokenAccount)
        }
        guard let fired else { return next(context) }
        let fault = fired.fault
        if fault.delayMilliseconds > 0 {
            Thread.sleep(
                forTimeInterval: Double(min(fault.delayMilliseconds, APIFault.maximumDelayMilliseconds)) / 1000)
        }
        guard let status = fault.status else { return next(context) }
        return APIError(
            status: status, code: fault.code ?? Self.faultCode(status),
            message: fault.message ?? "Fault injected by the sandbox scenario \"\(fired.scenarioName)\""
        ).response
    }

    static func faultCode(_ status: Int) -> String {
        switch status {
        case 429: "TOO_MANY_REQUESTS"
        case 500: "INTERNAL_ERROR"
        case 502: "BAD_GATEWAY"
        case 503: "SERVICE_UNAVAILABLE"
        case 504: "GATEWAY_TIMEOUT"
        default: "SANDBOX_FAULT"
        }
    }
}
