import Foundation
import KraviaEngine

/// `kravia-sandbox data inspect|compact DIR`: a durable sandbox's data folder, offline.
enum DataCommand {
    static let help = """
        USAGE: kravia-sandbox data inspect DIR
               kravia-sandbox data compact DIR

        inspect   Print what a --data folder holds: format version, files and sizes, the snapshot and the log
                  after it, and per account the sessions, transactions, invoices, deliveries and settlements.
                  Only reads, so a folder in use can be inspected.
        compact   Fold the log into a fresh snapshot and remove the log files (refused while a sandbox uses it).

        Exit codes: 0 success, 1 failure (damaged folder, newer format, folder in use), 64 bad usage.
        """

    static func run(_ arguments: [String]) -> Int32 {
        let options: CommandLineOptions
        do throws(UsageError) {
            options = try CommandLineOptions(arguments, specs: [])
        } catch {
            return KraviaSandboxCommand.usageError(error.description, usage: help)
        }
        if options.flags.contains("help") {
            print(help)
            return ExitCode.success
        }
        guard options.positional.count == 2, let action = options.positional.first,
            ["inspect", "compact"].contains(action)
        else {
            return KraviaSandboxCommand.usageError("expected `data inspect DIR` or `data compact DIR`", usage: help)
        }
        let directory = options.positional[1]
        guard FileManager.default.fileExists(atPath: directory) else {
            return KraviaSandboxCommand.failure("\(directory): no such folder")
        }
        do {
            print(action == "inspect" ? try DataFolderTools.inspect(directory) : try DataFolderTools.compact(directory))
            return ExitCode.success
        } catch {
            return KraviaSandboxCommand.failure("\(error)")
        }
    }
}
