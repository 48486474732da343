import Foundation
import KraviaEngine
import Testing

@Suite struct ScenarioCatalogTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenariosFolder = repositoryRoot.appendingPathComponent("Scenarios").path

    static let required = [
        "happy-path", "bankid-failure", "bankid-cancelled", "on-hold-then-captured", "on-hold-then-failed",
        "registration-failed", "partial-payment", "multiple-payments", "unpaid", "callback-chaos", "api-faults",
    ]

    @Test func theBuiltInsAreTheRequiredSetEachDescribed() {
        #expect(ScenarioCatalog.builtIn.map(\.name) == Self.required)
        for scenario in ScenarioCatalog.builtIn {
            #expect(scenario.description.count > 40, "\(scenario.name)")
            #expect(scenario.source == "built-in")
        }
    }

    @Test func theScenariosFolderHoldsExactlyTheBuiltIns() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scenariosFolder).filter {
            $0.hasSuffix(".json")
        }
        #expect(Set(files) == Set(Self.required.map { $0 + ".json" }))
        let loaded = try ScenarioCatalog.load(directory: Self.scenariosFolder)
        #expect(loaded.map(\.name) == Self.required)
        for (scenario, builtIn) in zip(loaded, ScenarioCatalog.builtIn) {
            var comparable = scenario
            comparable.source = builtIn.source
            #expect(comparable == builtIn, "Scenarios/\(scenario.name).json differs from the built-in")
        }
    }

    @Test(arguments: ScenarioCatalogTests.required)
    func eachFileIsByteForByteItsBuiltIn(name: String) throws {
        let path = Self.scenariosFolder + "/" + name + ".json"
        let onDisk = try #require(FileManager.default.contents(atPath: path))
        let builtIn = try #require(ScenarioCatalog.builtInText(named: name))
        #expect(
            onDisk == Data(builtIn.utf8), "Scenarios/\(name).json and BuiltInScenarios.swift must be edited together")
    }

    @Test func aMissingFolderGivesTheBuiltIns() throws {
        let loaded = try ScenarioCatalog.load(directory: "/nonexistent/kravia-scenarios")
        #expect(loaded == ScenarioCatalog.builtIn)
    }

    @Test func aFolderAddsScenariosAndReplacesBuiltInsByName() throws {
        let folder = try Self.temporaryFolder([
            "slow-payer.json":
                #"{"name": "slow-payer", "description": "Pays late.", "timeline": [{"after": "P40D", "action": "pay", "percent": 100}]}"#,
            "unpaid.json": #"{"name": "unpaid", "description": "Replaced."}"#,
            "notes.txt": "not a scenario",
        ])
        let loaded = try ScenarioCatalog.load(directory: folder)
        #expect(loaded.map(\.name) == Self.required + ["slow-payer"])
        #expect(loaded.first { $0.name == "unpaid" }?.description == "Replaced.")
        #expect(loaded.first { $0.name == "slow-payer" }?.source == folder + "/slow-payer.json")
    }

    @Test func aBrokenFileStopsLoadingNamingTheFileFieldAndExpectation() throws {
        let folder = try Self.temporaryFolder([
            "a-good.json": #"{"name": "a-good", "description": "Fine."}"#,
            "broken.json":
                #"{"name": "broken", "description": "x", "bankid": "maybe", "timeline": [{"after": "3 days", "action": "pay", "percent": 50}]}"#,
            "garbage.json": "{not json",
        ])
        #expect {
            try ScenarioCatalog.load(directory: folder)
        } throws: { error in
            let text = (error as? ScenarioLoadError)?.description ?? ""
            return text.contains("Invalid scenarios (3 problems):")
                && text.contains(
                    folder + "/broken.json: bankid: expected one of approve, reject, cancel, got \"maybe\"")
                && text.contains(
                    folder
                        + "/broken.json: timeline[0].after: expected an ISO 8601 duration like PT1H or P3D, got \"3 days\""
                )
                && text.contains(folder + "/garbage.json: (file): expected a JSON document")
        }
    }

    @Test func validateChecksFilesAndNamesUsedTwice() throws {
        let folder = try Self.temporaryFolder([
            "one.json": #"{"name": "one", "description": "First."}"#,
            "sub/one.json": #"{"name": "one", "description": "Second."}"#,
        ])
        #expect(try ScenarioCatalog.validate(file: folder + "/one.json").name == "one")
        #expect(throws: ScenarioLoadError.self) {
            try ScenarioCatalog.validate(files: [folder + "/one.json", folder + "/sub/one.json"])
        }
        #expect(throws: ScenarioLoadError.self) { try ScenarioCatalog.validate(file: folder + "/missing.json") }
    }

    static func temporaryFolder(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scenarios-" + UUID().uuidString)
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder.path
    }
}
