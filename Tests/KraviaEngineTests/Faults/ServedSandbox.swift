import KraviaEngine
import SandboxHTTP

/// Runs `body` against a testing sandbox served on a free port, whose idle connections outlive the test (a head
/// timeout of 60 s), and stops both on every path.
func withServedSandbox<T>(_ body: (Sandbox, HTTPServer) throws -> T) throws -> T {
    let sandbox = Sandbox(configuration: .testing())
    let server = HTTPServer(
        configuration: HTTPServerConfiguration(port: 0, headTimeout: .seconds(60)), handler: sandbox)
    try server.start()
    defer {
        server.stop()
        sandbox.shutdown()
    }
    return try body(sandbox, server)
}
