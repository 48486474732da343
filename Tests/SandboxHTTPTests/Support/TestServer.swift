import Foundation
import Synchronization
@testable import SandboxHTTP

/// Runs `body` against a started server on port 0 and stops the server on every path.
func withServer<T>(
    _ configuration: HTTPServerConfiguration = HTTPServerConfiguration(port: 0),
    handler: any HTTPHandler = EchoHandler(),
    _ body: (HTTPServer) throws -> T
) throws -> T {
    var configuration = configuration
    configuration.port = 0
    let server = HTTPServer(configuration: configuration, handler: handler)
    try server.start()
    defer { server.stop() }
    return try body(server)
}

/// Answers every request with a summary of what it received, so tests can check parsing end to end.
struct EchoHandler: HTTPHandler {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path == "/slow" { Thread.sleep(forTimeInterval: 0.3) }
        let summary = "\(request.method) \(request.target) \(request.body.count)\n"
        var headers: HTTPHeaders = ["Content-Type": "text/plain"]
        if request.path == "/close" { headers["Connection"] = "close" }
        return HTTPResponse(status: 200, headers: headers, body: Data(summary.utf8) + request.body)
    }
}

/// Collects log lines from the server for assertions.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var sink: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
}
