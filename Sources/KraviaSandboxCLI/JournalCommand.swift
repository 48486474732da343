import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport

/// `kravia-sandbox journal`: prints a running sandbox's journal entries as NDJSON, or awaits them, for pipelines
/// in any language.
enum JournalCommand {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "url", valueName: "URL", help: "The sandbox's base URL, e.g. http://127.0.0.1:8080"),
        OptionSpec(name: "admin-token", valueName: "TOKEN", help: "Sent as Authorization: Bearer TOKEN"),
        OptionSpec(name: "direction", valueName: "DIR", help: "inbound or outbound", mirrorsEnvironment: false),
        OptionSpec(name: "method", valueName: "METHOD", help: "e.g. POST", mirrorsEnvironment: false),
        OptionSpec(name: "path", valueName: "GLOB", help: "Path glob, e.g. '/v1/sessions*'", mirrorsEnvironment: false),
        OptionSpec(name: "status", valueName: "N", help: "Status (200) or class (5xx)", mirrorsEnvironment: false),
        OptionSpec(name: "account-id", valueName: "ID", help: "Account, e.g. T12345678", mirrorsEnvironment: false),
        OptionSpec(name: "session-id", valueName: "ID", help: "Session id", mirrorsEnvironment: false),
        OptionSpec(name: "transaction-id", valueName: "ID", help: "Transaction id", mirrorsEnvironment: false),
        OptionSpec(name: "merchant-reference", valueName: "REF", help: "Merchant reference", mirrorsEnvironment: false),
        OptionSpec(
            name: "after", valueName: "SEQ", help: "Only entries after this sequence number", mirrorsEnvironment: false),
        OptionSpec(name: "limit", valueName: "N", help: "At most N entries (listing only)", mirrorsEnvironment: false),
        OptionSpec(
            name: "await", valueName: "N", help: "Wait until N entries match, then print them",
            mirrorsEnvironment: false),
        OptionSpec(
            name: "timeout", valueName: "SECONDS", help: "How long --await waits (default 10, at most 60)",
            mirrorsEnvironment: false),
    ]

    static var help: String {
        """
        USAGE: kravia-sandbox journal --url URL [filters] [--await N [--timeout S]]

        Prints the journal entries of a running sandbox that match the filters, oldest first, one JSON object per
        line (NDJSON). With --await N it waits until N entries match (entries already recorded count) and prints
        those; when the time runs out it prints the closest entries and why they did not match to stderr and
        exits 1.

        OPTIONS:
        \(CommandLineOptions.helpLines(specs))

        EXAMPLES:
          kravia-sandbox journal --url http://127.0.0.1:8080 --direction outbound --status 5xx
          kravia-sandbox journal --url "$SANDBOX" --transaction-id "$TX" --direction outbound --await 1 --timeout 30

        Exit codes: 0 success, 1 await timed out or the sandbox failed, 64 bad usage.
        """
    }

    private static let filterOptions = [
        ("direction", "direction"), ("method", "method"), ("path", "path"), ("status", "status"),
        ("account-id", "account_id"), ("session-id", "session_id"), ("transaction-id", "transaction_id"),
        ("merchant-reference", "merchant_reference"), ("after", "after"),
    ]

    /// Runs the command with stdout and stderr; returns the exit code.
    static func run(arguments: [String]) -> Int32 {
        run(arguments: arguments, output: standardOutput, errors: standardError)
    }

    /// Runs the command writing through `output` (entries) and `errors` (diagnostics).
    static func run(
        arguments: [String], output: (String) -> Void, errors: (String) -> Void,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int32 {
        let parsed: CommandLineOptions
        let target: ControlTarget
        var awaitCount: Int?
        var timeoutSeconds = 10
        do {
            parsed = try CommandLineOptions(arguments, specs: specs, environment: environment)
            if parsed.flags.contains("help") {
                output(help + "\n")
                return ExitCode.success
            }
            if let extra = parsed.positional.first { throw UsageError(description: "unexpected argument \"\(extra)\"") }
            target = try ControlTarget(parsed)
            awaitCount = try parsed.integer("await", in: 1...100_000)
            timeoutSeconds = try parsed.integer("timeout", in: 0...60) ?? 10
            _ = try parsed.integer("after", in: 0...Int.max)
            _ = try parsed.integer("limit", in: 1...Int.max)
            if let direction = parsed["direction"], direction != "inbound", direction != "outbound" {
                throw UsageError(description: "--direction expects inbound or outbound, got \"\(direction)\"")
            }
            if awaitCount != nil, parsed["limit"] != nil {
                throw UsageError(description: "--limit does not apply to --await")
            }
        } catch {
            errors("kravia-sandbox: \(error)\n\n\(help)\n")
            return ExitCode.usage
        }
        let filters = filterOptions.compactMap { option, key in parsed[option].map { (key, $0) } }
        do {
            if let awaitCount {
                return try awaitEntries(
                    target, filters: filters, count: awaitCount, timeoutSeconds: timeoutSeconds, output: output,
                    errors: errors)
            }
            var query = filters
            if let limit = parsed["limit"] { query.append(("limit", limit)) }
            let path = "/__sandbox/journal" + (query.isEmpty ? "" : "?" + FormEncoding.serialize(query))
            let answer = try target.send("GET", path)
            guard answer.status == 200 else { return failure(answer, errors: errors) }
            for entry in answer.body["entries"]?.arrayValue ?? [] { output(JSONSerializer.string(entry) + "\n") }
            return ExitCode.success
        } catch {
            errors("kravia-sandbox: \(error)\n")
            return ExitCode.failure
        }
    }

    private static func awaitEntries(
        _ target: ControlTarget, filters: [(String, String)], count: Int, timeoutSeconds: Int,
        output: (String) -> Void, errors: (String) -> Void
    ) throws -> Int32 {
        var filter: JSONObject = [:]
        for (key, value) in filters { filter[key] = .string(value) }
        let body: JSONValue = [
            "filter": .object(filter), "count": .int(Int64(count)), "timeout_ms": .int(Int64(timeoutSeconds) * 1000),
        ]
        let answer = try target.send("POST", "/__sandbox/journal/await", json: body, waitSeconds: timeoutSeconds)
        switch answer.status {
        case 200:
            for entry in answer.body["entries"]?.arrayValue ?? [] { output(JSONSerializer.string(entry) + "\n") }
            return ExitCode.success
        case 408:
            for entry in answer.body["entries"]?.arrayValue ?? [] { output(JSONSerializer.string(entry) + "\n") }
            var lines = [
                "kravia-sandbox: journal await timed out: \(answer.body["error"]?["message"]?.stringValue ?? "")"
            ]
            let misses = answer.body["near_misses"]?.arrayValue ?? []
            if !misses.isEmpty { lines.append("closest entries:") }
            for miss in misses {
                let entry = miss["entry"] ?? .null
                let reasons = (miss["mismatches"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "; ")
                lines.append(
                    "  #\(entry["seq"]?.intValue ?? 0) \(entry["direction"]?.stringValue ?? "") "
                        + "\(entry["method"]?.stringValue ?? "") \(entry["path"]?.stringValue ?? "")"
                        + " \(entry["status"]?.intValue.map(String.init) ?? "-"): \(reasons)")
            }
            errors(lines.joined(separator: "\n") + "\n")
            return ExitCode.failure
        default:
            return failure(answer, errors: errors)
        }
    }

    static func failure(_ answer: ControlTarget.Answer, errors: (String) -> Void) -> Int32 {
        let message =
            answer.body["error"]?["message"]?.stringValue ?? String(decoding: answer.data.prefix(500), as: UTF8.self)
        errors("kravia-sandbox: the sandbox answered \(answer.status): \(message)\n")
        return ExitCode.failure
    }

    static let standardOutput: @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static let standardError: @Sendable (String) -> Void = { text in
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// A running sandbox's control API, as `--url` and `--admin-token` name it.
struct ControlTarget {
    struct Answer {
        var status: Int
        var body: JSONValue
        var data: Data
    }

    var baseURL: String
    var adminToken: String?

    init(_ options: CommandLineOptions) throws(UsageError) {
        guard let url = options["url"] else {
            throw UsageError(description: "--url is required (or $KRAVIA_SANDBOX_URL)")
        }
        guard url.hasPrefix("http://") else {
            throw UsageError(description: "--url expects an http:// URL, got \"\(url)\"")
        }
        baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        adminToken = options["admin-token"]
    }

    /// Sends a request; `waitSeconds` is added to the read timeout for awaits.
    func send(_ method: String, _ path: String, json: JSONValue? = nil, waitSeconds: Int = 0) throws -> Answer {
        var headers: HTTPHeaders = [:]
        if let adminToken { headers["Authorization"] = "Bearer " + adminToken }
        var body = Data()
        if let json {
            body = JSONSerializer.data(json)
            headers["Content-Type"] = "application/json"
        }
        let client = HTTPClient(
            configuration: HTTPClientConfiguration(
                readTimeoutMilliseconds: 30_000 + waitSeconds * 1000, maxBodySize: 1 << 30))
        let response = try client.send(
            OutboundRequest(method: method, url: baseURL + path, headers: headers, body: body))
        return Answer(
            status: response.status, body: (try? JSONParser.parse(response.body)) ?? .null, data: response.body)
    }
}
