import Foundation
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Synchronization
import Testing

@testable import KraviaEngine
@testable import KraviaSandboxCLI

/// A sandbox on port 0 for the commands to talk to; `stop()` it.
final class ServedSandbox: Sendable {
    let sandbox: Sandbox
    let server: HTTPServer
    var url: String { "http://127.0.0.1:\(server.port)" }

    init(_ configuration: SandboxConfiguration = SandboxConfiguration()) throws {
        sandbox = Sandbox(configuration: configuration)
        server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), handler: sandbox)
        try server.start()
    }

    /// Sends a request in-process (the journal records it just the same).
    @discardableResult
    func send(_ method: String, _ target: String) -> HTTPResponse {
        sandbox.handle(HTTPRequest(method: method, target: target, headers: ["Host": "sandbox.test"]))
    }

    func stop() {
        sandbox.closeJournal()
        server.stop()
        server.waitUntilStopped()
    }
}

/// Collects what a command writes.
final class Captured: Sendable {
    private let text = Mutex("")
    func write(_ more: String) { text.withLock { $0 += more } }
    var value: String { text.withLock { $0 } }
    var lines: [Substring] { value.split(separator: "\n") }
}

/// Runs a command in-process; returns the exit code, stdout and stderr.
func runCommand(
    _ run: (
        _ arguments: [String], _ output: (String) -> Void, _ errors: (String) -> Void, _ environment: [String: String]
    ) -> Int32,
    _ arguments: [String]
) -> (code: Int32, output: Captured, errors: Captured) {
    let output = Captured()
    let errors = Captured()
    let code = run(arguments, output.write, errors.write, [:])
    return (code, output, errors)
}

@Suite struct JournalCommandTests {
    private func journal(_ arguments: [String]) -> (code: Int32, output: Captured, errors: Captured) {
        runCommand({ JournalCommand.run(arguments: $0, output: $1, errors: $2, environment: $3) }, arguments)
    }

    @Test func printsMatchingEntriesAsNDJSON() throws {
        let served = try ServedSandbox()
        defer { served.stop() }
        served.send("GET", "/v1/sessions/T12345678.missing")
        served.send("GET", "/__sandbox/health")
        let result = journal(["--url", served.url, "--status", "4xx"])
        #expect(result.code == 0, "\(result.errors.value)")
        #expect(result.output.lines.count == 1)
        let entry = try JSONParser.parse(Data(result.output.lines[0].utf8))
        #expect(entry["path"] == "/v1/sessions/T12345678.missing")
        #expect(entry["session_id"] == "T12345678.missing")
        #expect(journal(["--url", served.url, "--path", "/__sandbox/*"]).output.lines.count == 1)
        #expect(journal(["--url", served.url]).output.lines.count == 2)
    }

    @Test func anAwaitIsAnsweredByARequestThatArrivesWhileWaiting() throws {
        let served = try ServedSandbox()
        defer { served.stop() }
        // The request is sent only once the command's await is registered and waiting, so the await cannot pass
        // by finding the entry already recorded.
        let engineJournal = served.sandbox.journal
        Thread.detachNewThread {
            guard eventually({ engineJournal.waiterCount == 1 }) else { return }
            served.send("GET", "/v1/transactions/T12345678.late")
        }
        let result = journal([
            "--url", served.url, "--transaction-id", "T12345678.late", "--await", "1", "--timeout", "30",
        ])
        #expect(result.code == 0, "\(result.errors.value)")
        let entry = try JSONParser.parse(Data(result.output.lines[0].utf8))
        #expect(entry["transaction_id"] == "T12345678.late")
    }

    @Test func aTimedOutAwaitExits1WithTheNearMisses() throws {
        let served = try ServedSandbox()
        defer { served.stop() }
        served.send("GET", "/v1/transactions/T12345678.other")
        let result = journal([
            "--url", served.url, "--transaction-id", "T12345678.wanted", "--await", "1", "--timeout", "0",
        ])
        #expect(result.code == 1)
        #expect(result.output.value.isEmpty)
        #expect(result.errors.value.contains("journal await timed out"))
        #expect(result.errors.value.contains("transaction_id T12345678.other ≠ T12345678.wanted"))
    }

    @Test(arguments: [
        [] as [String], ["--url"], ["--url", "ftp://x"], ["--url", "http://127.0.0.1:1", "--direction", "up"],
        ["--url", "http://127.0.0.1:1", "--await", "0"],
        ["--url", "http://127.0.0.1:1", "--timeout", "61", "--await", "1"],
        ["--url", "http://127.0.0.1:1", "--colour", "red"], ["--url", "http://127.0.0.1:1", "stray"],
        ["--url", "http://127.0.0.1:1", "--await", "1", "--limit", "2"],
    ])
    func badUsageExits64(arguments: [String]) {
        let result = journal(arguments)
        #expect(result.code == 64)
        #expect(result.errors.value.contains("USAGE: kravia-sandbox journal"))
    }

    @Test func helpExits0AndNothingListeningExits1() {
        let help = journal(["--help"])
        #expect(help.code == 0)
        #expect(help.output.value.contains("--await N"))
        #expect(journal(["--url", "http://127.0.0.1:1"]).code == 1)
    }

    @Test func theAdminTokenIsSent() throws {
        var configuration = SandboxConfiguration()
        configuration.adminToken = "t0ken"
        let served = try ServedSandbox(configuration)
        defer { served.stop() }
        #expect(journal(["--url", served.url]).code == 1)
        #expect(journal(["--url", served.url, "--admin-token", "t0ken"]).code == 0)
    }
}
