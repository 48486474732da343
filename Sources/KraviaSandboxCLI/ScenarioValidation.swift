/// Checks scenario files for `scenarios validate`; wired to the engine's scenario loader.
enum ScenarioValidation {
    static func validate(files: [String]) -> Int32 {
        KraviaSandboxCommand.failure("scenario validation is not available in this build")
    }
}
