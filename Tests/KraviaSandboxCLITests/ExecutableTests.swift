import Foundation
import FoundationNetworking
import Testing

/// The CLI run as a built executable: help, usage errors, the port file, environment variables, signals.
@Suite struct ExecutableTests {
    let executable = BuiltExecutable.locate()

    @Test(arguments: [
        ["--help"], ["serve", "--help"], ["version", "--help"], ["scenarios", "--help"], ["journal", "--help"],
        ["export", "--help"], ["help"],
    ])
    func helpPrintsUsageAndExitsZero(_ arguments: [String]) throws {
        let executable = try #require(executable, "build the kravia-sandbox product first")
        let result = try executable.run(arguments)
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: kravia-sandbox"))
    }

    @Test func serveHelpListsEveryFlagWithItsEnvironmentVariable() throws {
        let executable = try #require(executable)
        let output = try executable.run(["serve", "--help"]).output
        for flag in [
            "--host", "--port", "--port-file", "--scenarios", "--journal", "--seed", "--clock", "--config", "--log",
        ] {
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
        let (data, response) = try await URLSession.shared.data(
            from: URL(string: "http://127.0.0.1:\(port)/__sandbox/health")!)
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
        let process = try executable.start(
            [], environment: ["KRAVIA_SANDBOX_PORT": "0", "KRAVIA_SANDBOX_PORT_FILE": portFile])
        defer { terminate(process) }
        #expect(waitForFile(portFile).flatMap(Int.init) != nil)
    }

    @Test func configFileAddsAccountsAndRejectsBadOnes() throws {
        let executable = try #require(executable)
        let bad = NSTemporaryDirectory() + "kravia-bad-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: bad) }
        try Data(#"{"accounts": [{"account_id": "X1", "client_id": "a"}], "colour": "red"}"#.utf8).write(
            to: URL(fileURLWithPath: bad))
        let result = try executable.run(["--port", "0", "--config", bad])
        #expect(result.status == 1)
        for text in ["accounts[0].account_id", "accounts[0].client_secret", "colour"] {
            #expect(result.error.contains(text), "\(text) in \(result.error)")
        }
    }
}

/// `scenarios validate` and the scenario folder `serve` loads.
@Suite struct ScenarioCommandTests {
    let executable = BuiltExecutable.locate()
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios")

    @Test func shippedScenariosValidate() throws {
        let executable = try #require(executable)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scenarios.path).filter {
            $0.hasSuffix(".json")
        }
        .map { Self.scenarios.appendingPathComponent($0).path }
        #expect(files.count >= 11)
        let result = try executable.run(["scenarios", "validate"] + files)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("ok  happy-path"))
    }

    @Test func brokenScenarioFailsValidationAndServe() throws {
        let executable = try #require(executable)
        let folder = NSTemporaryDirectory() + "kravia-scenarios-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/slow-payer.json"
        try Data(
            #"{"name": "slow-payer", "description": "x", "timeline": [{"after": "soon", "action": "pay", "percent": 50}]}"#
                .utf8
        )
        .write(to: URL(fileURLWithPath: file))
        let validate = try executable.run(["scenarios", "validate", file])
        #expect(validate.status == 1)
        #expect(validate.error.contains("slow-payer.json"))
        #expect(validate.error.contains("timeline[0].after"))
        let serve = try executable.run(["--port", "0", "--scenarios", folder])
        #expect(serve.status == 1)
        #expect(serve.error.contains("timeline[0].after"))
        #expect(try executable.run(["--port", "0", "--scenarios", folder + "/missing"]).status == 1)
        #expect(try executable.run(["scenarios", "validate"]).status == 64)
    }
}

/// `--journal FILE` as a CI artifact: lines appear as requests happen and survive `kill -9` whole.
@Suite struct JournalFileTests {
    @Test func journalFileSurvivesKill9() async throws {
        let executable = try #require(BuiltExecutable.locate())
        let folder = NSTemporaryDirectory() + "kravia-journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let journal = folder + "/journal.ndjson"
        let process = try executable.start([
            "--port", "0", "--port-file", folder + "/port", "--journal", journal, "--log", "json",
        ])
        defer { terminate(process) }
        let port = try #require(waitForFile(folder + "/port").flatMap(Int.init))
        for index in 0..<5 {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/__sandbox/health?n=\(index)")!)
            request.httpMethod = "GET"
            _ = try await URLSession.shared.data(for: request)
        }
        // Written as they happen: all five lines are there while the server still runs.
        let deadline = Date().addingTimeInterval(10)
        var lines: [Substring] = []
        while Date() < deadline {
            let text = String(decoding: FileManager.default.contents(atPath: journal) ?? Data(), as: UTF8.self)
            lines = text.split(separator: "\n")
            if lines.count >= 5 { break }
            usleep(10_000)
        }
        #expect(lines.count == 5)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let data = try #require(FileManager.default.contents(atPath: journal))
        #expect(data.last == UInt8(ascii: "\n"), "no half-written line")
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(entry?["path"] as? String == "/__sandbox/health")
        }
    }
}
