import Foundation
import SandboxHTTP

/// `--mode transport`: the HTTP server alone (a fixed small response, or `--url`), then startup time.
enum TransportMode {
    static func run(_ options: BenchOptions) {
        var target: (host: String, port: Int, path: String)
        var inProcess: HTTPServer?
        if let url = options.url {
            guard let components = URLComponents(string: url), components.scheme == "http",
                let host = components.host
            else {
                FileHandle.standardError.write(Data("error: --url must be http://HOST:PORT/path\n".utf8))
                exit(64)
            }
            target = (host, components.port ?? 80, components.path.isEmpty ? "/" : components.path)
            print("== transport: \(url)")
        } else {
            do {
                let server = try FixedResponseServer.start(port: 0)
                inProcess = server
                target = ("127.0.0.1", server.port, "/")
                print("== transport: in-process HTTPServer on port \(server.port), fixed 2-byte response")
            } catch {
                Report.fail("\(error)")
            }
        }
        for connections in options.connections {
            let result = LoadGenerator(
                host: target.host, port: target.port, path: target.path, connections: connections,
                duration: options.duration, keepAlive: true
            ).run()
            print("keep-alive \(String(format: "%3d", connections)) conn: \(Report.line(result))")
        }
        for connections in [1, options.connections.max() ?? 16].uniqued() {
            let result = LoadGenerator(
                host: target.host, port: target.port, path: target.path, connections: connections,
                duration: options.duration, keepAlive: false
            ).run()
            print("close      \(String(format: "%3d", connections)) conn: \(Report.line(result))")
        }
        inProcess?.stop()
        if !options.skipStartup { measureStartup(options) }
    }

    /// Start-up of the sandbox binary against this binary's `--serve-fixed` (a process that only listens and
    /// answers), 15 runs each taking turns: what the sandbox adds to the cost of any process start is read from
    /// one run.
    static func measureStartup(_ options: BenchOptions) {
        let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let sandbox = StartupProbe(executable: options.sandboxBinary, arguments: ["--log", "none"])
        let fixed = StartupProbe(executable: selfPath, arguments: ["--serve-fixed"])
        let usable = FileManager.default.isExecutableFile(atPath: sandbox.executable) && sandbox.measure() != nil
        var sandboxRuns: [Double] = []
        var fixedRuns: [Double] = []
        for _ in 0..<15 {
            if usable, let run = sandbox.measure() { sandboxRuns.append(run) }
            if let run = fixed.measure() { fixedRuns.append(run) }
        }
        func summary(_ runs: [Double]) -> String {
            let sorted = runs.sorted()
            return String(
                format: "median %.1f ms, min %.1f ms (%d runs)", sorted[sorted.count / 2], sorted[0], runs.count)
        }
        guard !fixedRuns.isEmpty else { return print("startup to first answer: could not be measured") }
        if !sandboxRuns.isEmpty {
            print("startup to first answer: \(summary(sandboxRuns)), \(sandbox.executable)")
        } else {
            print("startup to first answer: \(sandbox.executable) not usable yet")
        }
        print("startup to first answer, --serve-fixed reference: \(summary(fixedRuns))")
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
