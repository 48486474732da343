import Dispatch
import Foundation
import SandboxHTTP

/// `kravia-sandbox listen`: a callback receiver for the Quick start and for shell CI, like `stripe listen`.
enum ListenCommand {
    static var help: String {
        """
        USAGE: kravia-sandbox listen [--port PORT] [options]

        Receives the sandbox's callbacks for you: listens on PORT (\(ListenOptions.defaultPort) unless told), \
        answers every request with
        --status, and prints each one on stdout as it arrives. Put http://127.0.0.1:PORT/callback in a session's
        url.callback_url (any path is answered). Runs until SIGINT or SIGTERM, or until --count requests have been
        answered.

        OPTIONS:
        \(CommandLineOptions.helpLines(ListenOptions.specs))

        OUTPUT:
          text  TIME METHOD TARGET -> STATUS, then the body (if any) indented on the next lines
          json  one object per line: time, method, target, path, query, headers, body, json, status

        EXAMPLES:
          kravia-sandbox listen --port 9000
          kravia-sandbox listen --port 9000 --status 500          # watch the sandbox retry
          kravia-sandbox listen --port 9000 --count 1 --format json > callback.json &   # CI: `wait` for it

        Exit codes: 0 stopped or --count reached, 1 cannot listen (e.g. the port is taken), 64 bad usage.
        """
    }

    /// Runs `listen` with the arguments after it; returns the exit code once stopped.
    static func run(_ arguments: [String]) -> Int32 {
        let options: ListenOptions
        do throws(UsageError) {
            let parsed = try CommandLineOptions(arguments, specs: ListenOptions.specs)
            if parsed.flags.contains("help") {
                print(help)
                return ExitCode.success
            }
            options = try ListenOptions(parsed)
        } catch {
            return KraviaSandboxCommand.usageError(error.description, usage: help)
        }
        let finished = DispatchSemaphore(value: 0)
        ProcessSignals.onTermination { _ in finished.signal() }
        let printer = CallbackPrinter(
            status: options.status, format: options.format, limit: options.count, limitReached: finished)
        var configuration = HTTPServerConfiguration(host: options.host, port: options.port)
        configuration.log = { line in FileHandle.standardError.write(Data("kravia-sandbox: \(line)\n".utf8)) }
        let server = HTTPServer(configuration: configuration, handler: printer)
        do {
            try server.start()
        } catch {
            return KraviaSandboxCommand.failure("cannot listen on \(options.host):\(options.port): \(error)")
        }
        defer {
            // Lets the answer to the last request go out before the process ends.
            server.stop()
            server.waitUntilStopped()
        }
        if let portFile = options.portFile {
            do {
                try ServeCommand.writePortFile(portFile, port: server.port)
            } catch {
                return KraviaSandboxCommand.failure("\(error)")
            }
        }
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        let base = "http://\(host):\(server.port)"
        FileHandle.standardError.write(
            Data(
                """
                kravia-sandbox: listening on \(base), answering \(options.status)
                kravia-sandbox: use \(base)/callback as url.callback_url (any path is answered)

                """.utf8))
        finished.wait()
        return ExitCode.success
    }
}
