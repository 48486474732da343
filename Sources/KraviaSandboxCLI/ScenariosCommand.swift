/// `kravia-sandbox scenarios validate FILE...`.
enum ScenariosCommand {
    static let help = """
        USAGE: kravia-sandbox scenarios validate FILE...

        Validates scenario files with the rules `serve` applies at start. Prints `ok  NAME  FILE` on stdout for
        each valid file, and every problem of every broken file (file, field, what was expected) on stderr; a
        broken file does not stop the others from being checked. Exits 0 when all are valid, 1 when any is
        broken, 64 on bad usage.
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
        guard options.positional.first == "validate", options.positional.count > 1 else {
            return KraviaSandboxCommand.usageError("expected `scenarios validate FILE...`", usage: help)
        }
        return ScenarioValidation.validate(files: Array(options.positional.dropFirst()))
    }
}
