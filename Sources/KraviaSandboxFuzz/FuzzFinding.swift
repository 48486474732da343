/// A property a fuzzed input broke: under libFuzzer it aborts the run, in the replay tool and the
/// regression tests it is reported.
public struct FuzzFinding: Error, Sendable, CustomStringConvertible {
    /// Which oracle found it: `http`, `json` or `engine`.
    public var oracle: String
    /// What went wrong, with enough of the input's outcome to reproduce it by hand.
    public var message: String

    /// Creates a finding.
    public init(_ oracle: String, _ message: String) {
        self.oracle = oracle
        self.message = message
    }

    /// `oracle: message`.
    public var description: String { "\(oracle): \(message)" }
}
