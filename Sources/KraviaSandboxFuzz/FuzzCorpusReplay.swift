import Foundation

/// Runs corpus files through every oracle: what the fuzzers do to one input, done to files on disk.
public enum FuzzCorpusReplay {
    /// Every oracle, by the name `replay --oracle` takes.
    public static let oracles: [String: @Sendable ([UInt8]) throws(FuzzFinding) -> Void] = [
        "http": { bytes throws(FuzzFinding) in try ParserOracle.check(bytes) },
        "json": { bytes throws(FuzzFinding) in try JSONOracle.check(bytes) },
        "wire": { bytes throws(FuzzFinding) in try EngineOracle.check(wire: bytes) },
        "engine": { bytes throws(FuzzFinding) in try EngineOracle.check(body: bytes) },
    ]

    /// The regular files under `directory` (recursively), sorted by path so runs are comparable.
    public static func files(in directory: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }
}
