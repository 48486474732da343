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

    static func measureStartup(_ options: BenchOptions) {
        let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = options.sandboxBinary
        var measured: (String, [Double])?
        if FileManager.default.isExecutableFile(atPath: candidate) {
            let runs = (0..<5).compactMap { _ in StartupProbe(executable: candidate, arguments: []).measure() }
            if runs.count == 5 { measured = (candidate, runs) }
        }
        if measured == nil {
            let runs = (0..<5).compactMap { _ in
                StartupProbe(executable: selfPath.path, arguments: ["--serve-fixed"]).measure()
            }
            measured = ("\(selfPath.lastPathComponent) --serve-fixed (kravia-sandbox not usable yet)", runs)
        }
        if let (name, runs) = measured, !runs.isEmpty {
            let sorted = runs.sorted()
            print(
                String(
                    format: "startup to first answer: median %.1f ms, min %.1f ms (%@, %d runs)",
                    sorted[sorted.count / 2], sorted[0], name, runs.count))
        } else {
            print("startup to first answer: could not be measured")
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
