import Foundation
import KraviaEngine

/// Checks scenario files for `scenarios validate` with the same rules `serve` applies at start.
enum ScenarioValidation {
    static func validate(files: [String]) -> Int32 {
        do throws(ScenarioLoadError) {
            let scenarios = try ScenarioCatalog.validate(files: files)
            for scenario in scenarios { print("ok  \(scenario.name)") }
            return ExitCode.success
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return ExitCode.failure
        }
    }
}
