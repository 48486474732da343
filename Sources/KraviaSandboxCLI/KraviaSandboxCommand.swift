import Foundation
import KraviaEngine

/// `kravia-sandbox [command] [options]`: dispatches to the subcommands; `serve` is the default.
enum KraviaSandboxCommand {
    static let overview = """
        kravia-sandbox — a fake Dintero Checkout with Kravia invoice payments, for tests and local development.

        USAGE: kravia-sandbox [serve] [options]
               kravia-sandbox <command> [options]

        COMMANDS:
          serve                 Run the sandbox (the default; see `kravia-sandbox serve --help`)
          scenarios validate    Check scenario files: every problem of every file, exit 1 if any is broken
          journal               Query or await a running sandbox's journal
          export                Save a running sandbox's journal as HAR or NDJSON
          data                  Inspect or compact a --data folder (`data inspect DIR`, `data compact DIR`)
          listen                Receive callbacks: answer 200 and print each request (like `stripe listen`)
          version               Print the version

        Run `kravia-sandbox <command> --help` for a command's options.
        Exit codes: 0 success, 1 failure, 64 bad usage.
        """

    /// Runs the command line and returns the exit code.
    static func run(_ arguments: [String]) -> Int32 {
        let command = arguments.first
        let rest = Array(arguments.dropFirst())
        switch command {
        case "serve": return ServeCommand.run(rest)
        case "version": return VersionCommand.run(rest)
        case "scenarios": return ScenariosCommand.run(rest)
        case "journal": return JournalCommand.run(arguments: rest)
        case "export": return ExportCommand.run(arguments: rest)
        case "listen": return ListenCommand.run(rest)
        case "data": return DataCommand.run(rest)
        case "help", "--help", "-h":
            print(overview)
            return ExitCode.success
        case let option? where option.hasPrefix("-"): return ServeCommand.run(arguments)
        case nil: return ServeCommand.run([])
        case let other?:
            return usageError("unknown command \"\(other)\"", usage: overview)
        }
    }

    /// Prints a usage error to stderr and returns 64.
    static func usageError(_ message: String, usage: String) -> Int32 {
        FileHandle.standardError.write(Data("kravia-sandbox: \(message)\n\n\(usage)\n".utf8))
        return ExitCode.usage
    }

    /// Prints a failure to stderr and returns 1.
    static func failure(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("kravia-sandbox: \(message)\n".utf8))
        return ExitCode.failure
    }
}
