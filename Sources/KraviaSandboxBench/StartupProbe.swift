import Foundation

/// Measures the time from spawning a server process to its first answered request.
struct StartupProbe {
    var executable: String
    var arguments: [String]

    /// - Returns: milliseconds to the first 200, or nil when the process never served (not usable yet).
    func measure(timeout: Double = 10) -> Double? {
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("bench-port-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--port", "0", "--port-file", portFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = LoadGenerator.now()
        do { try process.run() } catch { return nil }
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        while LoadGenerator.now() - started < timeout {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), port > 0,
                let connection = BlockingConnection(host: "127.0.0.1", port: port),
                connection.send(Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
            {
                var scanner = ResponseScanner()
                // Any complete response counts as answered; an engine may not serve 200 on /.
                _ = scanner.readResponse(from: connection)
                return (LoadGenerator.now() - started) * 1000
            }
            guard process.isRunning else { return nil }
            // A tenth of a millisecond: the polling must not be what the figure measures.
            usleep(100)
        }
        return nil
    }
}
