/// The process exit codes every command uses, as sysexits.h and swift-argument-parser do.
enum ExitCode {
    /// Success.
    static let success: Int32 = 0
    /// The command ran and failed (a broken scenario, an await that timed out, a server that could not bind).
    static let failure: Int32 = 1
    /// The command line itself was wrong (EX_USAGE).
    static let usage: Int32 = 64
}
