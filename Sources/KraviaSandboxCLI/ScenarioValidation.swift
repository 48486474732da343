import Foundation
import KraviaEngine

/// Checks scenario files for `scenarios validate` with the same rules `serve` applies at start.
enum ScenarioValidation {
    /// Checks each file on its own, then the valid ones together (a name used twice), and reports both.
    /// - Returns: 0 when every file is valid, 1 otherwise.
    static func validate(files: [String]) -> Int32 {
        var valid: [(file: String, scenario: Scenario)] = []
        var problems: [ScenarioProblem] = []
        for file in files {
            do throws(ScenarioLoadError) {
                valid.append((file, try ScenarioCatalog.validate(file: file)))
            } catch {
                problems += error.problems
            }
        }
        do throws(ScenarioLoadError) {
            try ScenarioCatalog.validate(files: valid.map(\.file))
        } catch {
            problems += error.problems
        }
        let broken = Set(problems.map(\.file))
        for (file, scenario) in valid where !broken.contains(file) { print("ok  \(scenario.name)  \(file)") }
        fflush(nil)
        guard problems.isEmpty else {
            FileHandle.standardError.write(Data("\(ScenarioLoadError(problems: problems))\n".utf8))
            return ExitCode.failure
        }
        return ExitCode.success
    }
}
