import Foundation
import KraviaEngine
import SandboxHTTP

/// `kravia-sandbox serve`: runs the sandbox until SIGINT or SIGTERM.
enum ServeCommand {
    static var help: String {
        """
        USAGE: kravia-sandbox [serve] [options]

        Serves Dintero's Checkout API (api.dintero.com and checkout.dintero.com paths) with Kravia invoices,
        the hosted checkout page and the /__sandbox control API, until SIGINT or SIGTERM.

        OPTIONS:
        \(CommandLineOptions.helpLines(ServeOptions.specs))

        Out of the box: account T12345678, client id `sandbox`, client secret `sandbox-secret`.
        """
    }

    static func run(_ arguments: [String]) -> Int32 {
        let options: ServeOptions
        do {
            let parsed = try CommandLineOptions(arguments, specs: ServeOptions.specs)
            if parsed.flags.contains("help") {
                print(help)
                return ExitCode.success
            }
            if let extra = parsed.positional.first { throw UsageError(description: "unexpected argument \"\(extra)\"") }
            options = try ServeOptions(parsed)
        } catch let error as UsageError {
            return KraviaSandboxCommand.usageError(error.description, usage: help)
        } catch {
            return KraviaSandboxCommand.failure("\(error)")
        }
        do {
            return try serve(try prepare(options))
        } catch {
            return KraviaSandboxCommand.failure("\(error)")
        }
    }

    /// Applies the files the options name (configuration, scenarios) to the configurations.
    static func prepare(_ options: ServeOptions) throws -> ServeOptions {
        var options = options
        // Built-ins always load; ./Scenarios (or --scenarios DIR) adds to them and may replace them.
        if let directory = options.scenariosDirectory, !FileManager.default.fileExists(atPath: directory) {
            throw ServeError("--scenarios \(directory): no such folder")
        }
        options.sandbox.scenarios = try ScenarioCatalog.load(directory: options.scenariosDirectory ?? "Scenarios")
        if let path = options.configFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ServeError("cannot read --config \(path)")
            }
            try options.sandbox.apply(configFile: data, path: path)
        }
        return options
    }

    static func serve(_ options: ServeOptions) throws -> Int32 {
        ProcessSignals.onTermination { _ in stopSignal.signal() }
        var serverConfiguration = options.server
        serverConfiguration.log = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let sandbox = try Sandbox(opening: options.sandbox)
        if let problem = sandbox.journalFileError { throw ServeError("--journal: \(problem)") }
        let server = HTTPServer(configuration: serverConfiguration, handler: sandbox)
        try server.start()
        sandbox.start()
        let base = "http://\(displayHost(options.server.host)):\(server.port)"
        if let portFile = options.portFile { try writePortFile(portFile, port: server.port) }
        print(banner(base: base, sandbox: sandbox))
        fflush(nil)
        stopSignal.wait()
        // Waiting requests (journal awaits, dashboards' long polls) answer now instead of holding the drain up.
        sandbox.endJournalAwaits()
        server.stop()
        server.waitUntilStopped()
        sandbox.shutdown()
        sandbox.closeJournal()
        FileHandle.standardError.write(Data("kravia-sandbox: stopped\n".utf8))
        return ExitCode.success
    }

    private static let stopSignal = DispatchSemaphore(value: 0)

    static func banner(base: String, sandbox: Sandbox) -> String {
        let accounts = sandbox.configuration.accounts.map {
            "  account \($0.accountId)  client_id \($0.clientId)  client_secret \($0.clientSecret)"
        }.joined(separator: "\n")
        return """
            Kravia Sandbox \(Sandbox.version) listening on \(base)
            \(accounts)
              token:    POST \(base)/v1/accounts/T12345678/auth/token
              checkout: POST \(base)/v1/sessions-profile  (profile_id "default")
              control:  \(base)/__sandbox/health
            """
    }

    /// Writes the port atomically (temp file + rename) so a watcher never reads half a number.
    static func writePortFile(_ path: String, port: Int) throws {
        do throws(OutputFile.WriteError) {
            try OutputFile.write(Data("\(port)\n".utf8), to: path)
        } catch {
            throw ServeError("--port-file: \(error)")
        }
    }

    private static func displayHost(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}

/// A reason `serve` could not start, printed as is.
struct ServeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
