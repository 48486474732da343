/// One thing wrong with a scenario file: where, which field, and what was expected instead.
public struct ScenarioProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file's path, or `built-in`.
    public var file: String
    /// The field's path in the document, e.g. `timeline[1].after`; `(file)` for the file as a whole.
    public var field: String
    /// What was expected, and what was found.
    public var expected: String

    /// Creates a problem report.
    public init(file: String, field: String, expected: String) {
        self.file = file
        self.field = field
        self.expected = expected
    }

    /// `file: field: expected`.
    public var description: String { "\(file): \(field): \(expected)" }
}

/// Why scenarios could not be loaded: every problem in every file, so one run shows them all.
public struct ScenarioLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in file order.
    public var problems: [ScenarioProblem]

    /// Creates the error from its problems.
    public init(problems: [ScenarioProblem]) {
        self.problems = problems
    }

    /// One line per problem, under a count.
    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["Invalid scenarios (\(count)):"] + problems.map { "  " + $0.description }).joined(separator: "\n")
    }
}
