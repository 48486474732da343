import Foundation
import KraviaEngine
import KraviaSandboxFuzz
import Testing

/// Replays the fuzzing corpora through the engine oracles: the same checks `.ci/fuzz engine` and
/// `.ci/fuzz wire` make — every body-taking endpoint answers without a 500, JSON round-trips.
@Suite struct EngineCorpusReplayTests {
    @Test func corporaAreThere() {
        #expect(FuzzCorpusFolder.bodies.files.filter { $0.hasPrefix("Seeds/") }.count >= 10)
        #expect(FuzzCorpusFolder.requests.files.filter { $0.hasPrefix("Seeds/") }.count >= 10)
    }

    @Test(arguments: FuzzCorpusFolder.bodies.files)
    func bodyIsAnsweredWithoutA500(_ file: String) throws {
        let bytes = try FuzzCorpusFolder.bodies.bytes(file)
        try EngineOracle.check(body: bytes)
        if file.hasPrefix("Seeds/"), file.hasSuffix(".json") {
            // Seeds are real bodies: every one of them is JSON.
            #expect(try JSONOracle.check(bytes) != nil)
        }
    }

    @Test(arguments: FuzzCorpusFolder.requests.files)
    func rawRequestIsAnsweredWithoutA500(_ file: String) throws {
        try EngineOracle.check(wire: try FuzzCorpusFolder.requests.bytes(file))
    }

    /// Every raw request is also a body (the fuzzers do not know which is which).
    @Test(arguments: FuzzCorpusFolder.requests.files)
    func rawRequestAsABodyIsAnsweredWithoutA500(_ file: String) throws {
        try EngineOracle.check(body: try FuzzCorpusFolder.requests.bytes(file))
    }
}
