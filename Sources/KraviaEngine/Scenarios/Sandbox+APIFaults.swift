import Foundation
import SandboxHTTP
import Synchronization

extension Sandbox {
    /// The response a scenario's API fault gives instead of handling the request, if one applies now.
    ///
    /// Faults come from the scenarios in play for the request: the scenario of the transaction (or paid session)
    /// its path names, then the account's default scenario, then the sandbox-wide default. Each fault fires
    /// `times` times per counter scope. A delay sleeps this request's thread (at most 30 s) before the fault's
    /// status is answered, or before the request is handled normally when the fault has no status.
    /// The control API (`/__sandbox/...`) is never faulted.
    func apiFault(for context: RequestContext) -> HTTPResponse? {
        let request = context.request
        guard faultsArmed.load(ordering: .acquiring), !request.path.hasPrefix("/__sandbox") else { return nil }
        let tokenAccount = context.request.headers["Authorization"].flatMap { authorization in
            authorization.lowercased().hasPrefix("bearer ")
                ? tokens.withLock { $0[String(authorization.dropFirst(7))]?.accountId } : nil
        }
        let fired = withState { state -> (fault: APIFault, scenario: String)? in
            let subject = Self.faultSubject(context, tokenAccount: tokenAccount, in: state)
            for scenario in scenariosInPlay(
                transactionId: subject.transactionId, accountId: subject.accountId, in: state)
            {
                for (index, fault) in scenario.apiFaults.enumerated()
                where fault.applies(method: request.method, path: request.path) {
                    let scope: String? =
                        switch fault.counter {
                        case .global: "global"
                        case .account: subject.accountId.map { "account:" + $0 }
                        case .transaction: subject.transactionId.map { "transaction:" + $0 }
                        }
                    guard let scope else { continue }
                    let key = "\(scenario.name)#\(index)|\(scope)"
                    let count = state.faultCounts[key, default: 0]
                    if let times = fault.times, count >= times { continue }
                    state.faultCounts[key] = count + 1
                    return (fault, scenario.name)
                }
            }
            return nil
        }
        guard let (fault, scenarioName) = fired else { return nil }
        if fault.delayMilliseconds > 0 {
            Thread.sleep(
                forTimeInterval: Double(min(fault.delayMilliseconds, APIFault.maximumDelayMilliseconds)) / 1000)
        }
        guard let status = fault.status else { return nil }
        let error = APIError(
            status: status, code: fault.code ?? Self.faultCode(status),
            message: fault.message ?? "Fault injected by the sandbox scenario \"\(scenarioName)\"")
        return Self.render(error)
    }

    /// Arms fault lookups when `name` is a scenario with API faults (a transaction or default now uses it).
    func armFaults(forScenario name: String?) {
        guard let name, scenario(named: name)?.apiFaults.isEmpty == false else { return }
        faultsArmed.store(true, ordering: .releasing)
    }

    private func scenariosInPlay(transactionId: String?, accountId: String?, in state: SandboxState) -> [Scenario] {
        var names: [String] = []
        if let transactionId, let name = state.transactions[transactionId]?.scenario { names.append(name) }
        if let accountId, let name = state.accounts[accountId]?.defaultScenario { names.append(name) }
        if let name = state.defaultScenario { names.append(name) }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }.compactMap { scenario(named: $0) }
    }

    /// The transaction and account a request concerns: from an id in its path, else its bearer token.
    private static func faultSubject(_ context: RequestContext, tokenAccount: String?, in state: SandboxState) -> (
        transactionId: String?, accountId: String?
    ) {
        let segments = context.request.path.split(separator: "/").map(String.init)
        var transactionId: String?
        var accountId: String?
        for segment in segments where segment.contains(".") {
            let owner = SandboxState.accountId(ofObject: segment)
            guard AccountSettings.isValidAccountId(owner) else { continue }
            accountId = owner
            transactionId = state.transactions[segment] != nil ? segment : state.sessions[segment]?.transactionId
            break
        }
        if accountId == nil, segments.count >= 3, segments[1] == "accounts" { accountId = segments[2] }
        if accountId == nil { accountId = tokenAccount }
        return (transactionId, accountId)
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
