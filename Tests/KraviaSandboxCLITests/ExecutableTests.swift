import Foundation
import FoundationNetworking
import Testing

/// The CLI run as a built executable: help, usage errors, the port file, environment variables, signals.
@Suite struct ExecutableTests {
    let executable = BuiltExecutable.locate()

    @Test(arguments: [["--help"], ["serve", "--help"], ["version", "--help"], ["scenarios", "--help"], ["help"]])
    func helpPrintsUsageAndExitsZero(_ arguments: [String]) throws {
        let executable = try #require(executable, "build the kravia-sandbox product first")
        let result = try executable.run(arguments)
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: kravia-sandbox"))
    }

    @Test func serveHelpListsEveryFlagWithItsEnvironmentVariable() throws {
        let executable = try #require(executable)
        let output = try executable.run(["serve", "--help"]).output
        for flag in ["--host", "--port", "--port-file", "--scenarios", "--journal", "--seed", "--clock", "--config", "--log"] {
            #expect(output.contains(flag), "\(flag)")
        }
        #expect(output.contains("KRAVIA_SANDBOX_PORT"))
    }

    @Test(arguments: [
        ["--bogus"], ["--port", "70000"], ["--port"], ["--clock", "sometimes"], ["--seed", "-1"], ["--log", "xml"],
        ["launch"], ["serve", "extra"], ["version", "extra"],
    ])
    func badUsageExits64(_ arguments: [String]) throws {
        let executable = try #require(executable)
        let result = try executable.run(arguments)
        #expect(result.status == 64)
        #expect(result.error.contains("kravia-sandbox:"))
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try #require(executable).run(["version"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("kravia-sandbox "))
    }

    @Test func unreadableConfigExits1() throws {
        let result = try #require(executable).run(["--port", "0", "--config", "/nonexistent/config.json"])
        #expect(result.status == 1)
        #expect(result.error.contains("/nonexistent/config.json"))
    }

    @Test func portFileIsWrittenAndSigtermExitsZero() async throws {
        let executable = try #require(executable)
        let portFile = NSTemporaryDirectory() + "kravia-port-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let process = try executable.start(["--port", "0", "--port-file", portFile, "--seed", "3"])
        defer { terminate(process) }
        let port = try #require(waitForFile(portFile).flatMap(Int.init))
        #expect(port > 0)
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/__sandbox/health")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("\"ready\""))
        #expect(terminate(process), "SIGTERM did not stop the server")
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func environmentVariablesMirrorFlags() throws {
        let executable = try #require(executable)
        let portFile = NSTemporaryDirectory() + "kravia-env-port-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let process = try executable.start([], environment: ["KRAVIA_SANDBOX_PORT": "0", "KRAVIA_SANDBOX_PORT_FILE": portFile])
        defer { terminate(process) }
        #expect(waitForFile(portFile).flatMap(Int.init) != nil)
    }

    @Test func configFileAddsAccountsAndRejectsBadOnes() throws {
        let executable = try #require(executable)
        let bad = NSTemporaryDirectory() + "kravia-bad-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: bad) }
        try Data(#"{"accounts": [{"account_id": "X1", "client_id": "a"}], "colour": "red"}"#.utf8).write(to: URL(fileURLWithPath: bad))
        let result = try executable.run(["--port", "0", "--config", bad])
        #expect(result.status == 1)
        for text in ["accounts[0].account_id", "accounts[0].client_secret", "colour"] {
            #expect(result.error.contains(text), "\(text) in \(result.error)")
        }
    }
}
