import Foundation
import SandboxHTTP

extension SandboxServer {
    /// A bearer token from the token endpoint, as a merchant's client gets one.
    /// - Parameter credentials: whose token; the server's `credentials` when nil.
    public func accessToken(for credentials: Credentials? = nil) throws(SandboxServerError) -> String {
        let credentials = credentials ?? self.credentials
        let basic = Data("\(credentials.clientId):\(credentials.clientSecret)".utf8).base64EncodedString()
        let body = try connection.expect(
            200, "POST", "/v1/accounts/\(credentials.accountId)/auth/token",
            json: [
                "grant_type": "client_credentials",
                "audience": .string("\(baseURL)/v1/accounts/\(credentials.accountId)"),
            ], headers: ["Authorization": "Basic " + basic])
        guard let token = body["access_token"]?.stringValue else {
            throw .unexpectedStatus(method: "POST", path: "auth/token", status: 200, body: body)
        }
        return token
    }

    /// Completes a session as the customer would in the hosted checkout (`POST /__sandbox/sessions/{id}/complete`).
    /// - Parameters:
    ///   - session: the session id.
    ///   - paymentProductType: e.g. `kravia.invoice_b2b`; may be nil when the session enables one type only.
    ///   - billingAddress: the address the customer enters (Dintero's `billing_address` shape).
    ///   - identity: the BankID outcome.
    ///   - scenario: a scenario name (e.g. `on_hold_then_approved`) that scripts what happens next.
    /// - Throws: `SandboxServerError.unexpectedStatus` with the sandbox's validation errors.
    @discardableResult
    public func complete(
        session: String, paymentProductType: String? = nil, billingAddress: JSONValue? = nil,
        identity: IdentityOutcome = .approve, scenario: String? = nil
    ) throws(SandboxServerError) -> CompletedCheckout {
        let body = JSONValue.object(dropping: [
            "payment_product_type": paymentProductType.map(JSONValue.string), "billing_address": billingAddress,
            "identity": .string(identity.rawValue), "scenario": scenario.map(JSONValue.string),
        ])
        return CompletedCheckout(
            try connection.expect(200, "POST", "/__sandbox/sessions/\(Self.escape(session))/complete", json: body))
    }

    /// Waits for a callback attempt about `transactionId` (the journal's outbound entries), returning the first.
    ///
    /// Attempts already made count, so call it after the action that triggers the callback without a race.
    /// - Throws: `SandboxServerError.awaitTimedOut` listing the closest entries and why they did not match.
    @discardableResult
    public func awaitCallback(
        transactionId: String, timeout: Duration = .seconds(10)
    ) throws(SandboxServerError) -> JournalRecord {
        try awaitCallbacks(transactionId: transactionId, count: 1, timeout: timeout)[0]
    }

    /// Waits for `count` callback attempts about `transactionId`, oldest first.
    public func awaitCallbacks(
        transactionId: String, count: Int, timeout: Duration = .seconds(10)
    ) throws(SandboxServerError) -> [JournalRecord] {
        try awaitJournal(
            JournalQuery(direction: .outbound, transactionId: transactionId), count: count, timeout: timeout)
    }

    /// Waits until `count` journal entries match `query` (entries already recorded count).
    /// - Parameter timeout: at most 60 seconds, the sandbox's bound.
    public func awaitJournal(
        _ query: JournalQuery, count: Int = 1, timeout: Duration = .seconds(10)
    ) throws(SandboxServerError) -> [JournalRecord] {
        let milliseconds =
            Int(min(timeout, .seconds(60)).components.seconds * 1000)
            + Int(min(timeout, .seconds(60)).components.attoseconds / 1_000_000_000_000_000)
        let answer = try connection.send(
            "POST", "/__sandbox/journal/await",
            json: ["filter": query.json, "count": .int(Int64(count)), "timeout_ms": .int(Int64(milliseconds))],
            timeoutMilliseconds: milliseconds + 30_000)
        switch answer.status {
        case 200: return (answer.body["entries"]?.arrayValue ?? []).map(JournalRecord.init)
        case 408: throw .awaitTimedOut(AwaitTimeout(answer.body))
        default:
            throw .unexpectedStatus(
                method: "POST", path: "/__sandbox/journal/await", status: answer.status, body: answer.body)
        }
    }

    /// The journal entries that match `query`, oldest first.
    public func journal(_ query: JournalQuery = JournalQuery()) throws(SandboxServerError) -> [JournalRecord] {
        let body = try connection.expect(200, "GET", "/__sandbox/journal" + query.queryString)
        return (body["entries"]?.arrayValue ?? []).map(JournalRecord.init)
    }

    /// The whole journal as `har` or `ndjson`, e.g. to attach to a CI run.
    public func exportJournal(format: String = "har") throws(SandboxServerError) -> Data {
        let answer = try connection.send("GET", "/__sandbox/journal/export?format=" + FormEncoding.encode(format))
        guard answer.status == 200 else {
            throw .unexpectedStatus(
                method: "GET", path: "/__sandbox/journal/export", status: answer.status, body: answer.body)
        }
        return answer.data
    }

    /// Forgets the journal's entries (sequence numbers go on).
    public func clearJournal() throws(SandboxServerError) {
        _ = try connection.expect(200, "DELETE", "/__sandbox/journal")
    }

    /// Moves sandbox time forward by an ISO 8601 duration (`P1D`, `PT2H`, `P1M`); everything that falls due runs
    /// before this returns.
    /// - Returns: the clock as the sandbox reports it afterwards.
    @discardableResult
    public func advanceClock(by duration: String) throws(SandboxServerError) -> JSONValue {
        try connection.expect(200, "POST", "/__sandbox/clock", json: ["advance": .string(duration)])
    }

    /// Sets sandbox time to an ISO 8601 instant, e.g. `2027-01-05T10:00:00Z`.
    @discardableResult
    public func setClock(to instant: String) throws(SandboxServerError) -> JSONValue {
        try connection.expect(200, "POST", "/__sandbox/clock", json: ["set": .string(instant)])
    }

    /// Wipes sessions, transactions, invoices and the journal: everything, or only `account`'s.
    public func reset(account: String? = nil) throws(SandboxServerError) {
        let query = account.map { "?account=" + FormEncoding.encode($0) } ?? ""
        _ = try connection.expect(200, "POST", "/__sandbox/reset" + query)
    }

    /// Adds a merchant account and returns its credentials.
    @discardableResult
    public func addAccount(_ credentials: Credentials) throws(SandboxServerError) -> Credentials {
        _ = try connection.expect(
            201, "POST", "/__sandbox/accounts",
            json: [
                "account_id": .string(credentials.accountId), "client_id": .string(credentials.clientId),
                "client_secret": .string(credentials.clientSecret),
            ])
        return credentials
    }

    /// `GET /__sandbox/health`.
    public func health() throws(SandboxServerError) -> JSONValue {
        try connection.expect(200, "GET", "/__sandbox/health")
    }

    private static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }
}
