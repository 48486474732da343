import Foundation
import Testing

/// Dintero's Python SDK (PyPI `dintero`) against the built executable: capture, void and refund under today's
/// Kravia model. `.ci/run` installs the SDK and sets `KRAVIA_SANDBOX_REQUIRE_SDK=1`, so there it cannot skip;
/// elsewhere it runs when the SDK is installed.
@Suite struct PythonSDKTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SDK/python_sdk_lifecycle.py")

    /// Whether `python3` can import the SDK.
    static let isInstalled: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import dintero"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static var isRequired: Bool { ProcessInfo.processInfo.environment["KRAVIA_SANDBOX_REQUIRE_SDK"] == "1" }

    @Test(.enabled(if: isInstalled || isRequired, "the dintero Python SDK is not installed"))
    func captureVoidAndRefundUnderTodaysModel() throws {
        try #require(Self.isInstalled, "KRAVIA_SANDBOX_REQUIRE_SDK=1 but python3 cannot import dintero")
        let executable = try #require(BuiltExecutable.locate())
        let portFile = NSTemporaryDirectory() + "kravia-sdk-port-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let server = try executable.start(
            ["--port", "0", "--port-file", portFile, "--kravia-lifecycle", "authorized", "--log", "none"])
        defer { terminate(server) }
        let port = try #require(waitForFile(portFile).flatMap(Int.init))
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", Self.script.path, "http://127.0.0.1:\(port)"]
        let output = Pipe()
        python.standardOutput = output
        python.standardError = output
        try python.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "\(text)")
        #expect(text.components(separatedBy: "\n").filter { $0.hasPrefix("ok ") }.count == 7, "\(text)")
    }
}
