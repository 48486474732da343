/// Everything a sandbox is started with: accounts, determinism, the clock and public URLs.
public struct SandboxConfiguration: Sendable {
    /// The merchant accounts that exist from the start.
    public var accounts: [AccountSettings] = [.standard]
    /// The base URL put into `session.url` and invoice links; nil derives it from each request's `Host`.
    public var baseURL: String?
    /// Seeds every generated id, so a frozen clock plus a seed gives byte-identical payloads.
    public var seed: UInt64?
    /// Where the clock starts frozen; nil runs it at wall time.
    public var frozenClock: Timestamp?
    /// Lifetime of access tokens in seconds (Dintero's is 4 hours).
    public var tokenLifetimeSeconds = 14_400
    /// Sends callbacks; nil uses HTTP. Tests inject their own to observe or fail deliveries in-process.
    public var callbackTransport: (any CallbackTransport)?
    /// How long a callback attempt waits for the merchant's answer before it counts as a timeout
    /// (Dintero's is 10 s); only used by the default HTTP transport.
    public var callbackTimeout: Duration = .seconds(10)
    /// When failed callback attempts are retried.
    public var callbackRetry = CallbackRetryPolicy()

    /// A configuration with the standard account, a running clock and random ids.
    public init() {}
}
