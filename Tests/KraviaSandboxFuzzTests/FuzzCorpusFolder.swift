import Foundation
import KraviaSandboxFuzz

/// A checked-in fuzzing corpus folder: `Seeds/` (real inputs) and `Regressions/` (inputs a fuzzer broke
/// something with, kept once fixed). `.ci/fuzz` starts from the same folders.
struct FuzzCorpusFolder: Sendable {
    let directory: URL

    /// Raw HTTP requests: the `http` harness parses them, the `wire` harness hands them to the sandbox.
    static let requests = FuzzCorpusFolder(name: "Requests")
    /// Request bodies, mostly JSON: the `json` and `engine` harnesses.
    static let bodies = FuzzCorpusFolder(name: "Bodies")

    private init(name: String) {
        directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Corpus").appendingPathComponent(name)
    }

    /// Paths relative to `directory`, e.g. `Seeds/refund-full.json`.
    var files: [String] {
        FuzzCorpusReplay.files(in: directory).map {
            String($0.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
        }
    }

    func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(file)))
    }
}
