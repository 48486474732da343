import KraviaEngine

/// `kravia-sandbox version`.
enum VersionCommand {
    static let help = """
        USAGE: kravia-sandbox version

        Prints the sandbox's version.
        """

    static func run(_ arguments: [String]) -> Int32 {
        do throws(UsageError) {
            let options = try CommandLineOptions(arguments, specs: [])
            if options.flags.contains("help") {
                print(help)
                return ExitCode.success
            }
            guard options.positional.isEmpty else {
                throw UsageError(description: "unexpected argument \(options.positional[0])")
            }
        } catch {
            return KraviaSandboxCommand.usageError(error.description, usage: help)
        }
        print("kravia-sandbox \(Sandbox.version)")
        return ExitCode.success
    }
}
