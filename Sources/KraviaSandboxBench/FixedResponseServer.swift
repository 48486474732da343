import Foundation
import SandboxHTTP

/// The in-process target of the benchmark: a fixed small response, so the transport is what is measured.
enum FixedResponseServer {
    static let handler = ClosureHTTPHandler { _ in
        HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Data("ok".utf8))
    }

    static func start(port: Int) throws -> HTTPServer {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: port), handler: handler)
        try server.start()
        return server
    }

    /// `--serve-fixed`: serve until SIGINT/SIGTERM, after writing the bound port to `portFile`.
    static func serve(port: Int, portFile: String?) throws -> Never {
        let server = try start(port: port)
        ProcessSignals.onTermination { _ in
            server.stop()
            exit(0)
        }
        if let portFile { try "\(server.port)\n".write(toFile: portFile, atomically: true, encoding: .utf8) }
        print("listening on \(server.port)")
        server.waitUntilStopped()
        exit(0)
    }
}
