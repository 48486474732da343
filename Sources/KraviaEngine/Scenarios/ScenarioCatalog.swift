import Foundation

/// Loads and validates scenario files: the built-in set, plus every `*.json` in a scenarios folder.
public enum ScenarioCatalog {
    /// The scenarios compiled into the sandbox (the same as the repository's `Scenarios/*.json`).
    public static let builtIn: [Scenario] = BuiltInScenarios.files.map { file in
        var parser = ScenarioParser(file: "built-in", expectedName: String(file.name.dropLast(".json".count)))
        guard var scenario = parser.parse(bytes: Array(file.text.utf8)) else {
            preconditionFailure("built-in scenario \(file.name) is invalid: \(parser.problems)")
        }
        scenario.source = "built-in"
        return scenario
    }

    /// The scenarios a server starts with: the built-ins, with every `*.json` file in `directory` added (a file
    /// whose `name` is a built-in's replaces it). A missing folder gives the built-ins alone.
    /// - Parameter directory: the `--scenarios` folder.
    /// - Returns: the scenarios, built-ins first in their order, then the folder's other files by file name.
    /// - Throws: `ScenarioLoadError` listing every problem in every file when any file is broken.
    public static func load(directory: String) throws(ScenarioLoadError) -> [Scenario] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return builtIn }
        guard isDirectory.boolValue else {
            throw ScenarioLoadError(problems: [
                ScenarioProblem(file: directory, field: "(file)", expected: "expected a folder of scenario .json files")
            ])
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ScenarioLoadError(problems: [
                ScenarioProblem(file: directory, field: "(file)", expected: "expected a readable folder: \(error)")
            ])
        }
        let files = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
        return try merge(builtIn, with: files)
    }

    /// Checks scenario files on their own, for `kravia-sandbox scenarios validate FILE...`.
    /// - Parameter files: paths of scenario files.
    /// - Returns: the parsed scenarios when every file is valid.
    /// - Throws: `ScenarioLoadError` listing every problem in every file, including names used twice.
    @discardableResult
    public static func validate(files: [String]) throws(ScenarioLoadError) -> [Scenario] {
        try merge([], with: files)
    }

    /// Checks one scenario file, for `kravia-sandbox scenarios validate FILE`.
    /// - Throws: `ScenarioLoadError` listing every problem in the file.
    @discardableResult
    public static func validate(file: String) throws(ScenarioLoadError) -> Scenario {
        try validate(files: [file])[0]
    }

    /// Parses a scenario document given as text (control API, tests).
    /// - Parameters:
    ///   - text: the JSON.
    ///   - source: how problems name the document.
    /// - Throws: `ScenarioLoadError` listing every problem.
    public static func parse(_ text: String, source: String = "(inline)") throws(ScenarioLoadError) -> Scenario {
        var parser = ScenarioParser(file: source, expectedName: nil)
        guard let scenario = parser.parse(bytes: Array(text.utf8)) else {
            throw ScenarioLoadError(problems: parser.problems)
        }
        return scenario
    }

    private static func merge(_ base: [Scenario], with files: [String]) throws(ScenarioLoadError) -> [Scenario] {
        var scenarios = base
        var problems: [ScenarioProblem] = []
        var loadedFrom: [String: String] = [:]
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append(ScenarioProblem(file: path, field: "(file)", expected: "expected a readable file"))
                continue
            }
            let stem = String((path as NSString).lastPathComponent.dropLast(path.hasSuffix(".json") ? 5 : 0))
            var parser = ScenarioParser(file: path, expectedName: stem)
            guard let scenario = parser.parse(bytes: data) else {
                problems += parser.problems
                continue
            }
            if let other = loadedFrom[scenario.name] {
                problems.append(
                    ScenarioProblem(
                        file: path, field: "name",
                        expected: "expected a unique name; \(other) is also \"\(scenario.name)\""))
                continue
            }
            loadedFrom[scenario.name] = path
            if let index = scenarios.firstIndex(where: { $0.name == scenario.name }) {
                scenarios[index] = scenario
            } else {
                scenarios.append(scenario)
            }
        }
        if !problems.isEmpty { throw ScenarioLoadError(problems: problems) }
        return scenarios
    }
}

extension ScenarioCatalog {
    /// The text of the built-in scenario `name`, byte-for-byte what `Scenarios/<name>.json` holds.
    public static func builtInText(named name: String) -> String? {
        BuiltInScenarios.files.first { $0.name == name + ".json" }?.text
    }
}
