import Foundation

// The library's calls block on sockets. Swift concurrency must not block its threads, so from async code
// these overloads (preferred there by the compiler) run each call on a thread of its own.
extension SandboxServer {
    /// Runs a blocking call on a dedicated thread and resumes with its result.
    func offThread<T: Sendable>(_ body: @escaping @Sendable () throws(SandboxServerError) -> T)
        async throws(SandboxServerError)
        -> T
    {
        let result: Result<T, SandboxServerError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                do throws(SandboxServerError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// `accessToken(for:)` without blocking a Swift concurrency thread.
    public func accessToken(for credentials: Credentials? = nil) async throws(SandboxServerError) -> String {
        try await offThread { [self] () throws(SandboxServerError) in try accessToken(for: credentials) }
    }

    /// `complete(session:…)` without blocking a Swift concurrency thread.
    @discardableResult
    public func complete(
        session: String, paymentProductType: String? = nil, billingAddress: JSONValue? = nil,
        identity: IdentityOutcome = .approve, scenario: String? = nil
    ) async throws(SandboxServerError) -> CompletedCheckout {
        try await offThread { [self] () throws(SandboxServerError) in
            try complete(
                session: session, paymentProductType: paymentProductType, billingAddress: billingAddress,
                identity: identity, scenario: scenario)
        }
    }

    /// `awaitCallback(transactionId:timeout:)` without blocking a Swift concurrency thread.
    @discardableResult
    public func awaitCallback(
        transactionId: String, timeout: Duration = .seconds(10)
    ) async throws(SandboxServerError) -> JournalRecord {
        try await offThread { [self] () throws(SandboxServerError) in
            try awaitCallback(transactionId: transactionId, timeout: timeout)
        }
    }

    /// `awaitCallbacks(transactionId:count:timeout:)` without blocking a Swift concurrency thread.
    public func awaitCallbacks(
        transactionId: String, count: Int, timeout: Duration = .seconds(10)
    ) async throws(SandboxServerError) -> [JournalRecord] {
        try await offThread { [self] () throws(SandboxServerError) in
            try awaitCallbacks(transactionId: transactionId, count: count, timeout: timeout)
        }
    }

    /// `awaitJournal(_:count:timeout:)` without blocking a Swift concurrency thread.
    public func awaitJournal(
        _ query: JournalQuery, count: Int = 1, timeout: Duration = .seconds(10)
    ) async throws(SandboxServerError) -> [JournalRecord] {
        try await offThread { [self] () throws(SandboxServerError) in
            try awaitJournal(query, count: count, timeout: timeout)
        }
    }

    /// `journal(_:)` without blocking a Swift concurrency thread.
    public func journal(_ query: JournalQuery = JournalQuery()) async throws(SandboxServerError) -> [JournalRecord] {
        try await offThread { [self] () throws(SandboxServerError) in try journal(query) }
    }

    /// `advanceClock(by:)` without blocking a Swift concurrency thread.
    @discardableResult
    public func advanceClock(by duration: String) async throws(SandboxServerError) -> JSONValue {
        try await offThread { [self] () throws(SandboxServerError) in try advanceClock(by: duration) }
    }

    /// `reset(account:)` without blocking a Swift concurrency thread.
    public func reset(account: String? = nil) async throws(SandboxServerError) {
        try await offThread { [self] () throws(SandboxServerError) in try reset(account: account) }
    }

    /// `stop()` without blocking a Swift concurrency thread while requests in flight finish.
    public func stop() async {
        _ = try? await offThread { [self] () throws(SandboxServerError) in stop() }
    }
}
