import Foundation
import SandboxSupport

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
    /// How long an access token stays valid, in wall time (Dintero's: 4 hours, `expires_in` 14400); whole
    /// seconds, as `expires_in` counts them.
    public var tokenLifetime = Duration.seconds(14_400)
    /// The scenarios checkouts can select (`ScenarioCatalog.load(directory:)` for `--scenarios DIR`).
    public var scenarios: [Scenario] = ScenarioCatalog.builtIn
    /// How long after an invoice is paid in full its transactions settle to the merchant (a scenario's
    /// `settlement_delay` overrides it).
    public var settlementDelay = Duration.seconds(2 * 86_400)
    /// The Kravia model accounts without their own follow (`--kravia-lifecycle`): the seeds' `captured` unless
    /// set.
    public var kraviaLifecycle = KraviaLifecycle.captured
    /// Sends callbacks; nil uses HTTP. Tests inject their own to observe or fail deliveries in-process.
    public var callbackTransport: (any CallbackTransport)?
    /// How long a callback attempt waits for the merchant's answer before it counts as a timeout
    /// (Dintero's is 10 s); only used by the default HTTP transport.
    public var callbackTimeout: Duration = .seconds(10)
    /// When failed callback attempts are retried.
    public var callbackRetry = CallbackRetryPolicy()
    /// When failed webhook deliveries are retried (5 attempts, 120 s apart).
    public var webhookRetry = CallbackRetryPolicy.webhooks
    /// How long a webhook delivery waits for the answer (Dintero's is 60 s); only for the default HTTP transport.
    public var webhookTimeout: Duration = .seconds(60)
    /// When set, every `/__sandbox` route requires `Authorization: Bearer <adminToken>` (`--admin-token`).
    public var adminToken: String?
    /// An NDJSON file the journal appends each entry to as it happens (`--journal FILE`).
    public var journalFile: String?
    /// At most this many journal entries stay in memory, the oldest leaving first (`--journal-limit N`); nil keeps all.
    public var journalLimit: Int?
    /// At most this many journal awaits (and dashboard live polls) wait at once, each holding a server thread; past
    /// it an await is answered 429. Default 256, half the transport's 512 threads.
    public var maximumJournalAwaits = Journal.defaultMaximumAwaits
    /// A folder everything the sandbox holds is kept in, across restarts (`--data DIR`); nil keeps it in memory.
    public var dataDirectory: String?
    /// How many bytes of write-ahead log make a durable sandbox write a new snapshot (and drop the log).
    public var snapshotThreshold = 32 << 20
    /// Told of a torn last log record found at start-up (the default writes to stderr).
    public var storageWarning: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("kravia-sandbox: warning: \(message)\n".utf8))
    }
    /// One stderr line per request and callback attempt (`--log text|json`); nil is silent.
    public var log: LogFormat?

    /// A configuration with the standard account, a running clock and random ids.
    public init() {}
}
