import Foundation
import Testing

/// `--data DIR` and `kravia-sandbox data inspect|compact DIR`, run as a user runs them.
@Suite struct DataCommandTests {
    let executable = BuiltExecutable.locate()

    @Test func secondSandboxIsRefusedThenInspectAndCompactReadTheFolder() throws {
        let executable = try #require(executable, "build the kravia-sandbox product first")
        let folder = NSTemporaryDirectory() + "kravia-data-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = folder + "/data"
        let serve = try executable.launch(
            ["--port", "0", "--port-file", folder + "/port", "--log", "none"],
            environment: ["KRAVIA_SANDBOX_DATA": data])
        let port = try #require(waitForFile(folder + "/port"))
        _ = try CrashRecoveryTests.token(base: "http://127.0.0.1:\(port)")

        let second = try executable.run(["--port", "0", "--data", data])
        #expect(second.status == 1)
        #expect(
            second.error.contains("in use by another sandbox (pid \(serve.process.processIdentifier))"),
            "\(second.error)")
        let stopped = serve.stop()
        #expect(stopped.status == 0, "\(stopped.error)")
        #expect(FileManager.default.fileExists(atPath: data + "/journal.ndjson"))

        let inspect = try executable.run(["data", "inspect", data])
        #expect(inspect.status == 0, "\(inspect.error)")
        #expect(inspect.output.contains("format version 1"))
        #expect(inspect.output.contains("account T12345678: sessions 0, transactions 0"))
        #expect(inspect.output.contains("tokens 1 valid"))
        #expect(inspect.output.contains("log records after it: 1"))

        let compact = try executable.run(["data", "compact", data])
        #expect(compact.status == 0, "\(compact.error)")
        let after = try executable.run(["data", "inspect", data])
        #expect(after.output.contains("log records after it: 0"))
        #expect(after.output.contains("tokens 1 valid"))

        let missing = try executable.run(["data", "inspect", folder + "/nowhere"])
        #expect(missing.status == 1)
        let usage = try executable.run(["data", "shrink", data])
        #expect(usage.status == 64)
    }
}
