import Foundation
import KraviaEngine

/// `kravia-sandbox export`: saves a running sandbox's whole journal as HAR or NDJSON, e.g. as a CI artifact.
enum ExportCommand {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "url", valueName: "URL", help: "The sandbox's base URL, e.g. http://127.0.0.1:8080"),
        OptionSpec(name: "admin-token", valueName: "TOKEN", help: "Sent as Authorization: Bearer TOKEN"),
        OptionSpec(
            name: "format", valueName: "FORMAT", help: "har (default; opens in browser devtools) or ndjson",
            mirrorsEnvironment: false),
        OptionSpec(
            name: "output", valueName: "FILE", help: "Where to write it; - or absent for stdout",
            mirrorsEnvironment: false),
    ]

    static var help: String {
        """
        USAGE: kravia-sandbox export --url URL [--format har|ndjson] [--output FILE]

        Writes every journal entry the sandbox holds: as an HTTP Archive (HAR 1.2) that browser devtools open,
        or as NDJSON, one entry per line. The file is replaced atomically.

        OPTIONS:
        \(CommandLineOptions.helpLines(specs))

        Exit codes: 0 success, 1 the sandbox or the file failed, 64 bad usage.
        """
    }

    /// Runs the command with stdout and stderr; returns the exit code.
    static func run(arguments: [String]) -> Int32 {
        run(arguments: arguments, output: JournalCommand.standardOutput, errors: JournalCommand.standardError)
    }

    /// Runs the command writing the export (without `--output`) through `output` and diagnostics through `errors`.
    static func run(
        arguments: [String], output: (String) -> Void, errors: (String) -> Void,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int32 {
        let target: ControlTarget
        let format: String
        let destination: String?
        do {
            let parsed = try CommandLineOptions(arguments, specs: specs, environment: environment)
            if parsed.flags.contains("help") {
                output(help + "\n")
                return ExitCode.success
            }
            if let extra = parsed.positional.first { throw UsageError(description: "unexpected argument \"\(extra)\"") }
            target = try ControlTarget(parsed)
            format = parsed["format"] ?? "har"
            guard format == "har" || format == "ndjson" else {
                throw UsageError(description: "--format expects har or ndjson, got \"\(format)\"")
            }
            destination = parsed["output"].flatMap { $0 == "-" ? nil : $0 }
        } catch {
            errors("kravia-sandbox: \(error)\n\n\(help)\n")
            return ExitCode.usage
        }
        do {
            let answer = try target.send("GET", "/__sandbox/journal/export?format=" + format)
            guard answer.status == 200 else { return JournalCommand.failure(answer, errors: errors) }
            guard let destination else {
                output(String(decoding: answer.data, as: UTF8.self))
                return ExitCode.success
            }
            try OutputFile.write(answer.data, to: destination)
            errors("kravia-sandbox: wrote \(answer.data.count) bytes of \(format) to \(destination)\n")
            return ExitCode.success
        } catch {
            errors("kravia-sandbox: \(error)\n")
            return ExitCode.failure
        }
    }
}
