@preconcurrency import Glibc
import Foundation
import SandboxHTTP

// Cached once: CommandLine.arguments is not safe to read from concurrent code.
let arguments = Array(CommandLine.arguments.dropFirst())
signal(SIGPIPE, SIG_IGN)

let options: BenchOptions
do {
    options = try BenchOptions.parse(arguments)
} catch let error as UsageError {
    FileHandle.standardError.write(Data("error: \(error.message)\n\n\(BenchOptions.usage)\n".utf8))
    exit(64)
}

if options.serveFixed {
    do {
        try FixedResponseServer.serve(port: options.port, portFile: options.portFile)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}

func format(_ result: LoadGenerator.Result) -> String {
    let rate = String(format: "%9.0f req/s", result.requestsPerSecond)
    let p50 = String(format: "%8.3f ms", Double(result.histogram.percentile(0.5)) / 1000)
    let p99 = String(format: "%8.3f ms", Double(result.histogram.percentile(0.99)) / 1000)
    return "\(rate)  p50 \(p50)  p99 \(p99)  errors \(result.errors)"
}

var target: (host: String, port: Int, path: String)
var inProcess: HTTPServer?
if let url = options.url {
    guard let components = URLComponents(string: url), components.scheme == "http", let host = components.host else {
        FileHandle.standardError.write(Data("error: --url must be http://HOST:PORT/path\n".utf8))
        exit(64)
    }
    target = (host, components.port ?? 80, components.path.isEmpty ? "/" : components.path)
    print("target: \(url)")
} else {
    do {
        let server = try FixedResponseServer.start(port: 0)
        inProcess = server
        target = ("127.0.0.1", server.port, "/")
        print("target: in-process HTTPServer on port \(server.port), fixed 2-byte response")
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
print("cpus: \(ProcessInfo.processInfo.activeProcessorCount), duration per run: \(options.duration) s")

for connections in options.connections {
    let result = LoadGenerator(
        host: target.host, port: target.port, path: target.path, connections: connections,
        duration: options.duration, keepAlive: true
    ).run()
    print("keep-alive \(String(format: "%3d", connections)) conn: \(format(result))")
}
for connections in [1, options.connections.max() ?? 16].uniqued() {
    let result = LoadGenerator(
        host: target.host, port: target.port, path: target.path, connections: connections,
        duration: options.duration, keepAlive: false
    ).run()
    print("close      \(String(format: "%3d", connections)) conn: \(format(result))")
}
inProcess?.stop()

if !options.skipStartup {
    let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let sibling = selfPath.deletingLastPathComponent().appendingPathComponent("kravia-sandbox").path
    let candidate = options.serverBinary ?? sibling
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

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
