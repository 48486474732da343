import KraviaEngine
import Foundation
import SandboxSupport

// The async face of the library's calls (preferred by the compiler in async code): the same list as
// `SandboxServer+ControlAPI.swift`, each running the same `ControlCall` on a thread of its own.
extension SandboxServer {
    /// `accessToken(for:)` without blocking a Swift concurrency thread.
    public func accessToken(for credentials: Credentials? = nil) async throws(SandboxServerError) -> String {
        try await perform(.accessToken(credentials ?? self.credentials, baseURL: baseURL))
    }

    /// `complete(session:…)` without blocking a Swift concurrency thread.
    @discardableResult
    public func complete(
        session: String, paymentProductType: String? = nil, billingAddress: JSONValue? = nil,
        identity: IdentityOutcome = .approve, scenario: String? = nil
    ) async throws(SandboxServerError) -> CompletedCheckout {
        try await perform(
            .complete(
                session: session, paymentProductType: paymentProductType, billingAddress: billingAddress,
                identity: identity, scenario: scenario))
    }

    /// `awaitCallback(transactionId:timeout:)` without blocking a Swift concurrency thread.
    @discardableResult
    public func awaitCallback(
        transactionId: String, timeout: Duration = .seconds(10)
    ) async throws(SandboxServerError) -> JournalRecord {
        try await awaitCallbacks(transactionId: transactionId, count: 1, timeout: timeout)[0]
    }

    /// `awaitCallbacks(transactionId:count:timeout:)` without blocking a Swift concurrency thread.
    public func awaitCallbacks(
        transactionId: String, count: Int, timeout: Duration = .seconds(10)
    ) async throws(SandboxServerError) -> [JournalRecord] {
        try await awaitJournal(
            JournalQuery(direction: .outbound, transactionId: transactionId), count: count, timeout: timeout)
    }

    /// `awaitJournal(_:count:timeout:)` without blocking a Swift concurrency thread.
    public func awaitJournal(
        _ query: JournalQuery, count: Int = 1, timeout: Duration = .seconds(10)
    ) async throws(SandboxServerError) -> [JournalRecord] {
        try await perform(.awaitJournal(query, count: count, timeout: timeout))
    }

    /// `journal(_:)` without blocking a Swift concurrency thread.
    public func journal(_ query: JournalQuery = JournalQuery()) async throws(SandboxServerError) -> [JournalRecord] {
        try await perform(.journal(query))
    }

    /// `exportJournal(format:)` without blocking a Swift concurrency thread.
    public func exportJournal(format: String = "har") async throws(SandboxServerError) -> Data {
        try await perform(.exportJournal(format: format))
    }

    /// `clearJournal()` without blocking a Swift concurrency thread.
    public func clearJournal() async throws(SandboxServerError) {
        _ = try await perform(.clearJournal())
    }

    /// `advanceClock(by:)` without blocking a Swift concurrency thread.
    @discardableResult
    public func advanceClock(by duration: String) async throws(SandboxServerError) -> JSONValue {
        try await perform(.advanceClock(by: duration))
    }

    /// `setClock(to:)` without blocking a Swift concurrency thread.
    @discardableResult
    public func setClock(to instant: String) async throws(SandboxServerError) -> JSONValue {
        try await perform(.setClock(to: instant))
    }

    /// `reset(account:)` without blocking a Swift concurrency thread.
    public func reset(account: String? = nil) async throws(SandboxServerError) {
        _ = try await perform(.reset(account: account))
    }

    /// `addAccount(_:)` without blocking a Swift concurrency thread.
    @discardableResult
    public func addAccount(_ credentials: Credentials) async throws(SandboxServerError) -> Credentials {
        _ = try await perform(.addAccount(credentials))
        return credentials
    }

    /// `health()` without blocking a Swift concurrency thread.
    public func health() async throws(SandboxServerError) -> JSONValue {
        try await perform(.health())
    }

    /// `stop()` without blocking a Swift concurrency thread while requests in flight finish.
    public func stop() async {
        let server = self
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                server.stop()
                continuation.resume()
            }
        }
    }
}
