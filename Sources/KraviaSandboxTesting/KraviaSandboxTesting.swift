import KraviaEngine
import SandboxSupport

// A merchant's test imports this module alone. It brings the server and its calls (`SandboxServer`,
// `withSandbox`, `JournalQuery`, `JournalRecord`, `CompletedCheckout`, `SandboxServerError`) and, by name, the
// engine's values a test configures or reads — nothing of the engine's internals (its router, request
// context, parsers or digests), which are `package` to this repository.

/// Everything a sandbox is started with: accounts, determinism, the clock, scenarios, journal and log.
public typealias SandboxConfiguration = KraviaEngine.SandboxConfiguration
/// A merchant account: id, client credentials, signature secret, payment profiles.
public typealias AccountSettings = KraviaEngine.AccountSettings
/// A scripted provider outcome, as loaded from a scenario file.
public typealias Scenario = KraviaEngine.Scenario
/// Loads and parses scenario files (`ScenarioCatalog.load(directory:)`, `ScenarioCatalog.parse(_:)`).
public typealias ScenarioCatalog = KraviaEngine.ScenarioCatalog
/// Why scenario files could not be loaded, with every problem.
public typealias ScenarioLoadError = KraviaEngine.ScenarioLoadError
/// The customer's BankID answer in a completion: approve, reject or cancel.
public typealias IdentityOutcome = KraviaEngine.IdentityOutcome
/// The Kravia payment product types.
public typealias KraviaPaymentType = KraviaEngine.KraviaPaymentType
/// One stderr line per request and callback attempt, as text or JSON.
public typealias LogFormat = KraviaEngine.LogFormat
/// When failed callback attempts are retried.
public typealias CallbackRetryPolicy = KraviaEngine.CallbackRetryPolicy
/// Sends callback attempts; inject one to observe or fail deliveries in-process.
public typealias CallbackTransport = KraviaEngine.CallbackTransport
/// One callback attempt as it goes on the wire.
public typealias CallbackRequest = KraviaEngine.CallbackRequest
/// What a callback attempt led to.
public typealias CallbackResponse = KraviaEngine.CallbackResponse
/// Why a callback attempt got no response.
public typealias CallbackFailure = KraviaEngine.CallbackFailure
/// The engine behind a `SandboxServer` (`sandbox.sandbox`), for tests that look inside.
public typealias Sandbox = KraviaEngine.Sandbox
/// Sandbox time: frozen or running, and moved by the control API.
public typealias SandboxClock = KraviaEngine.SandboxClock
/// Why `--journal FILE` could not be opened.
public typealias JournalFileError = KraviaEngine.JournalFileError
/// A JSON document as the sandbox reads and writes it (bodies, billing addresses, journal entries).
public typealias JSONValue = SandboxSupport.JSONValue
/// An instant in milliseconds since 1970, formatted as Dintero does (`2027-01-05T10:00:00.000Z`).
public typealias Timestamp = SandboxSupport.Timestamp
