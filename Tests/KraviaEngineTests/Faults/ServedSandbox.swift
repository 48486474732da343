import KraviaEngine
import SandboxHTTP

/// Runs `body` against a sandbox (the testing configuration unless given) served on a free port, whose idle
/// connections outlive the test (a head timeout of 60 s), and stops both on every path.
func withServedSandbox<T>(
    _ configuration: SandboxConfiguration = .testing(), _ body: (Sandbox, HTTPServer) throws -> T
) throws -> T {
    let sandbox = Sandbox(configuration: configuration)
    let server = HTTPServer(
        configuration: HTTPServerConfiguration(port: 0, headTimeout: .seconds(60)), handler: sandbox)
    try server.start()
    defer {
        server.stop()
        sandbox.shutdown()
    }
    return try body(sandbox, server)
}
