import Foundation
import KraviaEngine
import SandboxSupport
import Testing

@testable import KraviaSandboxCLI

@Suite struct ExportCommandTests {
    private func export(_ arguments: [String]) -> (code: Int32, output: Captured, errors: Captured) {
        runCommand({ ExportCommand.run(arguments: $0, output: $1, errors: $2, environment: $3) }, arguments)
    }

    @Test(arguments: ["har", "ndjson"])
    func writesTheJournalToAFile(format: String) throws {
        let served = try ServedSandbox()
        defer { served.stop() }
        served.send("GET", "/__sandbox/health")
        served.send("GET", "/v1/sessions/T12345678.x")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "export-\(UUID().uuidString).\(format)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = export(["--url", served.url, "--format", format, "--output", path])
        #expect(result.code == 0, "\(result.errors.value)")
        let data = try #require(FileManager.default.contents(atPath: path))
        if format == "har" {
            let har = try JSONParser.parse(data)
            #expect(har["log"]?["version"] == "1.2")
            #expect(har["log"]?["entries"]?.arrayValue?.count == 2)
        } else {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            #expect(try lines.map { try JSONParser.parse(Data($0.utf8))["seq"] } == [1, 2])
        }
    }

    @Test func withoutOutputItGoesToStdout() throws {
        let served = try ServedSandbox()
        defer { served.stop() }
        served.send("GET", "/__sandbox/health")
        let result = export(["--url", served.url, "--format", "ndjson"])
        #expect(result.code == 0)
        #expect(result.output.lines.count == 1)
    }

    @Test(arguments: [[] as [String], ["--url", "http://127.0.0.1:1", "--format", "csv"], ["--help", "--nope"]])
    func badUsageExits64(arguments: [String]) {
        let result = export(arguments)
        #expect(result.code == 64)
        #expect(result.errors.value.contains("USAGE: kravia-sandbox export"))
    }

    @Test func helpExits0AndAnUnreachableSandboxExits1() {
        #expect(export(["--help"]).code == 0)
        #expect(export(["--url", "http://127.0.0.1:1"]).code == 1)
    }
}
