import Foundation
import FoundationNetworking
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// The CLI run as a built executable: help, usage errors, the port file, environment variables, signals.
@Suite struct ExecutableTests {
    let executable = BuiltExecutable.locate()

    @Test(arguments: [
        ["--help"], ["serve", "--help"], ["version", "--help"], ["scenarios", "--help"], ["journal", "--help"],
        ["export", "--help"], ["listen", "--help"], ["help"],
    ])
    func helpPrintsUsageAndExitsZero(_ arguments: [String]) throws {
        let executable = try #require(executable, "build the kravia-sandbox product first")
        let result = try executable.run(arguments)
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: kravia-sandbox"))
    }

    /// Every option's description, `-h, --help` included (it comes last), starts in one column.
    @Test(arguments: ["serve", "journal", "export", "listen"])
    func optionDescriptionsLineUp(command: String) throws {
        let output = try #require(executable).run([command, "--help"]).output
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "OPTIONS:")) + 1
        let options = lines[start...].prefix { !$0.isEmpty }
        #expect(options.count > 2)
        #expect(options.last?.hasPrefix("  -h, --help  ") == true)
        #expect(options.last?.hasSuffix(" Show this help") == true)
        let columns = Set(options.map(Self.descriptionColumn))
        #expect(columns.count == 1, "\(options.joined(separator: "\n"))")
        #expect(!columns.contains(nil))
    }

    /// Where the description of `  LABEL  DESCRIPTION` starts: after the first run of two or more spaces past
    /// the indent.
    static func descriptionColumn(_ line: Substring) -> Int? {
        let characters = Array(line)
        var index = 2
        while index + 1 < characters.count, !(characters[index] == " " && characters[index + 1] == " ") { index += 1 }
        while index < characters.count, characters[index] == " " { index += 1 }
        return index < characters.count ? index : nil
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
        ["launch"], ["serve", "extra"], ["version", "extra"], ["--kravia-lifecycle", "someday"],
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

    @Test func theKraviaLifecycleComesFromTheEnvironmentAndEachAccountMayOverrideIt() throws {
        let executable = try #require(executable)
        let portFile = NSTemporaryDirectory() + "kravia-lifecycle-port-\(UUID().uuidString)"
        let config = NSTemporaryDirectory() + "kravia-lifecycle-\(UUID().uuidString).json"
        defer { for path in [portFile, config] { try? FileManager.default.removeItem(atPath: path) } }
        try Data(
            #"{"accounts": [{"account_id": "T22222222", "client_id": "a", "client_secret": "b", "kravia_lifecycle": "captured"}]}"#
                .utf8
        ).write(to: URL(fileURLWithPath: config))
        let process = try executable.start(
            ["--port", "0", "--port-file", portFile, "--config", config],
            environment: ["KRAVIA_SANDBOX_KRAVIA_LIFECYCLE": "authorized"])
        defer { terminate(process) }
        let port = try #require(waitForFile(portFile).flatMap(Int.init))
        let response = try HTTPClient().send(
            OutboundRequest(method: "GET", url: "http://127.0.0.1:\(port)/__sandbox/health", headers: [:], body: Data()))
        let health = try JSONParser.parse(response.body)
        #expect(
            health["kravia_lifecycle"]
                == ["default": "authorized", "accounts": ["T12345678": "authorized", "T22222222": "captured"]])
    }

    @Test func configFileAddsAccountsAndRejectsBadOnes() throws {
        let executable = try #require(executable)
        let bad = NSTemporaryDirectory() + "kravia-bad-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: bad) }
        try Data(
            #"{"accounts": [{"account_id": "X1", "client_id": "a", "kravia_lifecycle": "later"}], "colour": "red"}"#.utf8
        ).write(to: URL(fileURLWithPath: bad))
        let result = try executable.run(["--port", "0", "--config", bad])
        #expect(result.status == 1)
        for text in ["accounts[0].account_id", "accounts[0].client_secret", "accounts[0].kravia_lifecycle", "colour"] {
            #expect(result.error.contains(text), "\(text) in \(result.error)")
        }
    }
}

/// `export` as a built executable: the file it writes, and one line saying why when it cannot.
@Suite struct ExportExecutableTests {
    let executable = BuiltExecutable.locate()

    @Test func writesTheFileAndSaysHowMuch() throws {
        let executable = try #require(executable)
        let served = try ServedSandbox()
        defer { served.stop() }
        served.send("GET", "/__sandbox/health")
        let path = NSTemporaryDirectory() + "kravia-export-\(UUID().uuidString).har"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try executable.run(["export", "--url", served.url, "--output", path])
        #expect(result.status == 0, "\(result.error)")
        let data = try #require(FileManager.default.contents(atPath: path))
        #expect(try JSONParser.parse(data)["log"]?["entries"]?.arrayValue?.count == 1)
        #expect(result.error == "kravia-sandbox: wrote \(data.count) bytes of har to \(path)\n")
    }

    @Test(arguments: [
        ("/nonexistent/dir/x.har", "no such folder"),
        ("/etc/passwd/x.har", "no such folder"),
        (NSTemporaryDirectory(), "it is a folder"),
    ])
    func anUnwritableOutputIsOneLineAndExit1(path: String, reason: String) throws {
        let executable = try #require(executable)
        let served = try ServedSandbox()
        defer { served.stop() }
        let result = try executable.run(["export", "--url", served.url, "--output", path])
        #expect(result.status == 1)
        #expect(result.error == "kravia-sandbox: cannot write \(path): \(reason)\n")
        #expect(result.output.isEmpty)
    }
}

/// What `serve` serves for scenarios, as the README says: the built-ins, replaced by `./Scenarios/*.json` when
/// started where that folder is (the repository root).
@Suite struct ServedScenarioTests {
    let executable = BuiltExecutable.locate()
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Starts `serve` in `directory` and returns health's `scenarios.loaded`.
    private func loadedScenarios(in directory: URL) throws -> [JSONValue] {
        let executable = try #require(executable)
        let portFile = NSTemporaryDirectory() + "kravia-scenarios-port-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let serve = try executable.launch(
            ["--port", "0", "--port-file", portFile, "--log", "none"], directory: directory)
        defer { _ = serve.stop() }
        let port = try #require(waitForFile(portFile).flatMap(Int.init))
        let health = try HTTPClient().send(OutboundRequest(url: "http://127.0.0.1:\(port)/__sandbox/health"))
        return try JSONParser.parse(health.body)["scenarios"]?["loaded"]?.arrayValue ?? []
    }

    @Test func fromTheRepositoryRootTheScenariosFolderIsServed() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: Self.packageRoot.appendingPathComponent("Scenarios").path
        ).filter { $0.hasSuffix(".json") }
        let loaded = try loadedScenarios(in: Self.packageRoot)
        #expect(loaded.count == files.count)
        for scenario in loaded {
            let name = scenario["name"]?.stringValue ?? ""
            #expect(scenario["source"] == .string("Scenarios/\(name).json"))
        }
    }

    @Test func elsewhereTheBuiltInsAreServed() throws {
        let empty = URL(fileURLWithPath: NSTemporaryDirectory() + "kravia-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let loaded = try loadedScenarios(in: empty)
        #expect(loaded.count == ScenarioCatalog.builtIn.count)
        #expect(loaded.allSatisfy { $0["source"] == "built-in" })
        #expect(loaded.map { $0["name"]?.stringValue ?? "" } == ScenarioCatalog.builtIn.map(\.name))
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
        #expect(result.output.contains("ok  happy-path  "))
    }

    /// One broken file among valid ones: the valid ones still get their `ok` line, the broken one every problem.
    @Test func validFilesAreReportedOkBesideABrokenOne() throws {
        let executable = try #require(executable)
        let folder = NSTemporaryDirectory() + "kravia-validate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let broken = folder + "/slow-payer.json"
        try Data(#"{"name": "slow-payer", "timeline": [{"after": "soon", "action": "pay"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: broken))
        let duplicate = folder + "/happy-path.json"
        try Data(contentsOf: Self.scenarios.appendingPathComponent("happy-path.json"))
            .write(to: URL(fileURLWithPath: duplicate))
        let happy = Self.scenarios.appendingPathComponent("happy-path.json").path
        let unpaid = Self.scenarios.appendingPathComponent("unpaid.json").path
        let result = try executable.run(["scenarios", "validate", happy, broken, unpaid])
        #expect(result.status == 1)
        #expect(result.output == "ok  happy-path  \(happy)\nok  unpaid  \(unpaid)\n")
        for problem in ["\(broken): description", "\(broken): timeline[0].after"] {
            #expect(result.error.contains(problem), "\(problem) in \(result.error)")
        }
        // Two valid files with one name: the second is broken (as `serve` would refuse it), the first stays ok.
        let twice = try executable.run(["scenarios", "validate", happy, duplicate])
        #expect(twice.status == 1)
        #expect(twice.output == "ok  happy-path  \(happy)\n")
        #expect(twice.error.contains("\(duplicate): name"), "\(twice.error)")
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
