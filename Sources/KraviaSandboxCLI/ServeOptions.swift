import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport

/// The options of `kravia-sandbox serve`, each mirrored by a `KRAVIA_SANDBOX_*` environment variable.
struct ServeOptions {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "host", valueName: "HOST", help: "Address to listen on (default 127.0.0.1)"),
        OptionSpec(name: "port", valueName: "PORT", help: "Port; 0 takes any free port (default 8080)"),
        OptionSpec(name: "port-file", valueName: "FILE", help: "Write the bound port to FILE once listening"),
        OptionSpec(name: "scenarios", valueName: "DIR", help: "Scenario files (default ./Scenarios, else built-ins)"),
        OptionSpec(name: "journal", valueName: "FILE", help: "Append every journal entry to FILE as NDJSON"),
        OptionSpec(
            name: "data", valueName: "DIR",
            help: "Keep everything in DIR across restarts and crashes (journal too: DIR/journal.ndjson)"),
        OptionSpec(name: "journal-limit", valueName: "N", help: "Keep at most N journal entries in memory"),
        OptionSpec(name: "seed", valueName: "N", help: "Seed every generated id (with a frozen clock: reproducible)"),
        OptionSpec(name: "clock", valueName: "MODE", help: "real (default) or frozen[=ISO 8601 instant]"),
        OptionSpec(name: "config", valueName: "FILE", help: "JSON file with accounts, profiles and secrets"),
        OptionSpec(name: "log", valueName: "FORMAT", help: "Request log on stderr: text (default), json or none"),
        OptionSpec(name: "admin-token", valueName: "TOKEN", help: "Require Authorization: Bearer TOKEN on /__sandbox"),
        OptionSpec(name: "base-url", valueName: "URL", help: "Public base URL for links (default from Host)"),
        OptionSpec(
            name: "kravia-lifecycle", valueName: "MODEL",
            help: "captured (the seeds, default) or authorized (Dintero today)"),
    ]

    var server = HTTPServerConfiguration()
    var sandbox = SandboxConfiguration()
    var portFile: String?
    var scenariosDirectory: String?
    var logFormat = "text"
    var journalFile: String?
    var journalLimit: Int?
    var adminToken: String?
    var configFile: String?

    /// Reads the parsed options; every malformed value is a usage error naming the option.
    init(_ options: CommandLineOptions) throws(UsageError) {
        if let host = options["host"] { server.host = host }
        if let port = try options.integer("port", in: 0...65535) { server.port = port }
        portFile = options["port-file"]
        scenariosDirectory = options["scenarios"]
        journalFile = options["journal"]
        journalLimit = try options.integer("journal-limit", in: 1...100_000_000)
        adminToken = options["admin-token"]
        sandbox.adminToken = adminToken
        if let data = options["data"] {
            sandbox.dataDirectory = data
            if journalFile == nil { journalFile = data + "/journal.ndjson" }
        }
        sandbox.journalFile = journalFile
        sandbox.journalLimit = journalLimit
        configFile = options["config"]
        if let seed = options["seed"] {
            guard let value = UInt64(seed) else {
                throw UsageError(description: "--seed expects a non-negative integer, got \"\(seed)\"")
            }
            sandbox.seed = value
        }
        if let clock = options["clock"] { sandbox.frozenClock = try Self.frozenInstant(clock) }
        if let log = options["log"] {
            guard ["text", "json", "none"].contains(log) else {
                throw UsageError(description: "--log expects text, json or none, got \"\(log)\"")
            }
            logFormat = log
        }
        sandbox.log = LogFormat(rawValue: logFormat)
        if let lifecycle = options["kravia-lifecycle"] {
            guard let model = KraviaLifecycle(rawValue: lifecycle) else {
                throw UsageError(description: "--kravia-lifecycle expects captured or authorized, got \"\(lifecycle)\"")
            }
            sandbox.kraviaLifecycle = model
        }
        if let baseURL = options["base-url"] {
            guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
                throw UsageError(description: "--base-url expects an http(s) URL, got \"\(baseURL)\"")
            }
            sandbox.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        }
    }

    /// `real` → nil (wall time); `frozen` → now; `frozen=ISO` → that instant.
    static func frozenInstant(_ mode: String) throws(UsageError) -> Timestamp? {
        if mode == "real" { return nil }
        if mode == "frozen" { return SandboxClock.wallNow() }
        if mode.hasPrefix("frozen="), let instant = Timestamp(iso8601: String(mode.dropFirst(7))) { return instant }
        throw UsageError(description: "--clock expects real, frozen or frozen=2027-01-05T10:00:00Z, got \"\(mode)\"")
    }
}
