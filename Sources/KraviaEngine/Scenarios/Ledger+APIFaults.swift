extension Ledger {
    /// A scenario's API fault that fires for a request, with the scenario it comes from.
    struct FiredFault: Sendable {
        var fault: APIFault
        var scenarioName: String
    }

    /// The API fault that applies to a request now, counted as fired; nil when none does.
    ///
    /// Faults come from the scenarios in play for the request: the scenario of the transaction (or paid session)
    /// its path names, then the account's default scenario, then the sandbox-wide default. Each fault fires
    /// `times` times per counter scope: sandbox-wide, per account or per transaction.
    /// - Parameter tokenAccount: the account of the request's bearer token, when it has a valid one.
    mutating func fireFault(method: String, path: String, tokenAccount: String?) -> FiredFault? {
        let subject = faultSubject(path: path, tokenAccount: tokenAccount)
        for scenario in scenariosInPlay(transactionId: subject.transactionId, accountId: subject.accountId) {
            for (index, fault) in scenario.apiFaults.enumerated() where fault.applies(method: method, path: path) {
                let key = "\(scenario.name)#\(index)"
                let fired: Bool
                switch fault.counter {
                case .global:
                    fired = Self.count(key, times: fault.times, in: &globalFaultCounts)
                case .account:
                    guard let accountId = subject.accountId else { continue }
                    if books[accountId] != nil {
                        fired = Self.count(key, times: fault.times, in: &books[accountId]!.faultCounts)
                    } else {
                        // An account that does not exist (yet) has no book: its counter is kept sandbox-wide.
                        fired = Self.count(key + "|" + accountId, times: fault.times, in: &globalFaultCounts)
                    }
                case .transaction:
                    guard let transactionId = subject.transactionId, let accountId = subject.accountId,
                        books[accountId] != nil
                    else { continue }
                    fired = Self.count(
                        key + "|" + transactionId, times: fault.times, in: &books[accountId]!.faultCounts)
                }
                if fired { return FiredFault(fault: fault, scenarioName: scenario.name) }
            }
        }
        return nil
    }

    /// Counts one firing of `key` unless it already fired `times` times.
    private static func count(_ key: String, times: Int?, in counts: inout [String: Int]) -> Bool {
        let count = counts[key, default: 0]
        if let times, count >= times { return false }
        counts[key] = count + 1
        return true
    }

    /// Arms fault lookups when `name` is a scenario with API faults (a transaction or default now uses it).
    mutating func armFaults(forScenario name: String?) {
        guard let name, environment.scenario(named: name)?.apiFaults.isEmpty == false else { return }
        require(.armFaults)
    }

    private func scenariosInPlay(transactionId: String?, accountId: String?) -> [Scenario] {
        var names: [String] = []
        if let transactionId, let name = self[transaction: transactionId]?.scenario { names.append(name) }
        if let accountId, let name = books[accountId]?.defaultScenario { names.append(name) }
        if let name = defaultScenario { names.append(name) }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }.compactMap { environment.scenario(named: $0) }
    }

    /// The transaction and account a request concerns: from an id in its path, else its bearer token.
    private func faultSubject(path: String, tokenAccount: String?) -> (transactionId: String?, accountId: String?) {
        let segments = path.split(separator: "/").map(String.init)
        var transactionId: String?
        var accountId: String?
        for segment in segments where segment.contains(".") {
            let owner = Self.accountId(ofObject: segment)
            guard AccountSettings.isValidAccountId(owner) else { continue }
            accountId = owner
            transactionId = self[transaction: segment] != nil ? segment : self[session: segment]?.transactionId
            break
        }
        if accountId == nil, segments.count >= 3, segments[1] == "accounts" { accountId = segments[2] }
        if accountId == nil { accountId = tokenAccount }
        return (transactionId, accountId)
    }
}
