import Foundation
import Testing

/// The built `kravia-sandbox` binary, run as a user would: arguments in, exit code and output back.
struct BuiltExecutable {
    let url: URL

    /// Finds the executable next to the test bundle (both live in the build folder).
    static func locate() -> BuiltExecutable? {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            testBinary.deletingLastPathComponent(),
            testBinary.deletingLastPathComponent().deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            packageRoot.appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("kravia-sandbox") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }.map(BuiltExecutable.init)
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs to completion.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = makeProcess(arguments, environment: environment)
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }

    /// Starts the executable in the background; the caller must terminate it.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = makeProcess(arguments, environment: environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A started executable whose output is kept, for commands that run until something happens to them.
    struct Running {
        let process: Process
        private let output = Pipe()
        private let error = Pipe()
        private let exited = DispatchSemaphore(value: 0)

        fileprivate init(_ process: Process) throws {
            self.process = process
            process.standardOutput = output
            process.standardError = error
            let exited = self.exited
            process.terminationHandler = { _ in exited.signal() }
            try process.run()
        }

        /// Waits for the process to exit by itself (killing it after `timeout`, so a test never hangs) and
        /// returns its exit code and output.
        func finish(timeout: TimeInterval = 30) -> Result {
            if exited.wait(timeout: .now() + timeout) == .timedOut {
                Issue.record("\(process.arguments ?? []) did not exit within \(timeout) s; killed")
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
            return collect()
        }

        /// Sends SIGTERM, waits for the exit and returns the exit code and output.
        func stop() -> Result {
            process.terminate()
            return finish()
        }

        private func collect() -> Result {
            let outputData = output.fileHandleForReading.readDataToEndOfFile()
            let errorData = error.fileHandleForReading.readDataToEndOfFile()
            return Result(
                status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                error: String(decoding: errorData, as: UTF8.self))
        }
    }

    /// Starts the executable in the background keeping its output; `finish()` or `stop()` it on every path.
    /// - Parameter directory: the working directory (the test's own when nil).
    func launch(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> Running {
        let process = makeProcess(arguments, environment: environment)
        if let directory { process.currentDirectoryURL = directory }
        return try Running(process)
    }

    private func makeProcess(_ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KRAVIA_SANDBOX_") }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        return process
    }
}

/// Waits (bounded) for a file to appear with content, as the port file does once the server listens.
func waitForFile(_ path: String, timeout: TimeInterval = 10) -> String? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            text.hasSuffix("\n")
        {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        usleep(10_000)
    }
    return nil
}

/// Sends SIGTERM and waits (bounded) for the process to exit; kills it if it does not, so a test never hangs.
/// - Returns: whether it exited by itself.
@discardableResult
func terminate(_ process: Process, timeout: TimeInterval = 10) -> Bool {
    guard process.isRunning else { return true }
    process.terminate()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(10_000) }
    guard process.isRunning else { return true }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return false
}
