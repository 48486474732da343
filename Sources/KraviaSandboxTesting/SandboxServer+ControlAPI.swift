import KraviaEngine
import Foundation
import SandboxSupport

// The blocking face of the library's calls; `SandboxServer+Async.swift` is the same list for async code. Each
// call's body is written once, in `ControlCall+Operations.swift`.
extension SandboxServer {
    /// A bearer token from the token endpoint, as a merchant's client gets one.
    /// - Parameter credentials: whose token; the server's `credentials` when nil.
    public func accessToken(for credentials: Credentials? = nil) throws(SandboxServerError) -> String {
        try perform(.accessToken(credentials ?? self.credentials, baseURL: baseURL))
    }

    /// Completes a session as the customer would in the hosted checkout (`POST /__sandbox/sessions/{id}/complete`).
    /// - Parameters:
    ///   - session: the session id.
    ///   - paymentProductType: e.g. `kravia.invoice_b2b`; may be nil when the session enables one type only.
    ///   - billingAddress: the address the customer enters (Dintero's `billing_address` shape).
    ///   - identity: the BankID outcome.
    ///   - scenario: a scenario name (e.g. `on-hold-then-captured`) that scripts what happens next.
    /// - Throws: `SandboxServerError.unexpectedStatus` with the sandbox's validation errors.
    @discardableResult
    public func complete(
        session: String, paymentProductType: String? = nil, billingAddress: JSONValue? = nil,
        identity: IdentityOutcome = .approve, scenario: String? = nil
    ) throws(SandboxServerError) -> CompletedCheckout {
        try perform(
            .complete(
                session: session, paymentProductType: paymentProductType, billingAddress: billingAddress,
                identity: identity, scenario: scenario))
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
        try perform(.awaitJournal(query, count: count, timeout: timeout))
    }

    /// The journal entries that match `query`, oldest first.
    public func journal(_ query: JournalQuery = JournalQuery()) throws(SandboxServerError) -> [JournalRecord] {
        try perform(.journal(query))
    }

    /// The whole journal as `har` or `ndjson`, e.g. to attach to a CI run.
    public func exportJournal(format: String = "har") throws(SandboxServerError) -> Data {
        try perform(.exportJournal(format: format))
    }

    /// Forgets the journal's entries (sequence numbers go on).
    public func clearJournal() throws(SandboxServerError) {
        _ = try perform(.clearJournal())
    }

    /// Moves sandbox time forward by an ISO 8601 duration (`P1D`, `PT2H`, `P1M`); everything that falls due runs
    /// before this returns.
    /// - Returns: the clock as the sandbox reports it afterwards.
    @discardableResult
    public func advanceClock(by duration: String) throws(SandboxServerError) -> JSONValue {
        try perform(.advanceClock(by: duration))
    }

    /// Sets sandbox time to an ISO 8601 instant, e.g. `2027-01-05T10:00:00Z`.
    @discardableResult
    public func setClock(to instant: String) throws(SandboxServerError) -> JSONValue {
        try perform(.setClock(to: instant))
    }

    /// Wipes sessions, transactions, invoices and the journal: everything, or only `account`'s.
    public func reset(account: String? = nil) throws(SandboxServerError) {
        _ = try perform(.reset(account: account))
    }

    /// Adds a merchant account and returns its credentials.
    @discardableResult
    public func addAccount(_ credentials: Credentials) throws(SandboxServerError) -> Credentials {
        _ = try perform(.addAccount(credentials))
        return credentials
    }

    /// `GET /__sandbox/health`.
    public func health() throws(SandboxServerError) -> JSONValue {
        try perform(.health())
    }
}
