import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// The golden files in `Fixtures/`: compared byte for byte, re-recorded with `KRAVIA_RECORD_FIXTURES=1`.
enum FixtureFile {
    /// The package's `Fixtures/` folder, found from this source file.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["KRAVIA_RECORD_FIXTURES"] == "1" }

    /// Checks `data` against `Fixtures/<name>` (or writes it when recording).
    static func check(_ data: Data, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if isRecording {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? data.write(to: url)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing fixture \(name); run with KRAVIA_RECORD_FIXTURES=1", sourceLocation: sourceLocation)
            return
        }
        #expect(
            expected == data,
            "Fixtures/\(name) differs:\n\(String(decoding: data, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    /// Checks a JSON value, pretty-printed with sorted keys (the request bodies, which are inputs).
    static func check(_ value: JSONValue, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        check(JSONSerializer.prettyData(value), name, sourceLocation: sourceLocation)
    }

    /// Checks bytes the sandbox sends: `Fixtures/<name>` holds them exactly (compact, sorted keys, no final
    /// newline), and `Fixtures/pretty/<name>` the same JSON pretty-printed, for reading and for reviewing diffs.
    static func checkWire(_ bytes: Data, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        check(bytes, name, sourceLocation: sourceLocation)
        let pretty = JSONSerializer.prettyData((try? JSONParser.parse(bytes)) ?? .null)
        check(pretty, "pretty/" + name, sourceLocation: sourceLocation)
    }

    /// Checks a response's body as it goes over the wire.
    static func check(_ response: HTTPResponse, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        checkWire(response.body, name, sourceLocation: sourceLocation)
    }

    /// Reads `Fixtures/<name>` as JSON.
    static func json(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONParser.parse(data)
    }
}

extension SandboxConfiguration {
    /// What the fixtures are produced under: `--seed 7 --clock frozen=2027-01-05T10:00:00Z`, served at 127.0.0.1:8080.
    static var fixtures: SandboxConfiguration {
        var configuration = SandboxConfiguration.testing(seed: 7)
        configuration.baseURL = "http://127.0.0.1:8080"
        return configuration
    }
}
