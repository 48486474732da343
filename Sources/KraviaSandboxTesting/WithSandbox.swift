import KraviaEngine

/// Runs `body` with a freshly started sandbox and stops it afterwards, whether `body` returns or throws.
///
/// ```swift
/// try withSandbox { sandbox in
///     let token = try sandbox.accessToken()
///     …
/// }
/// ```
public func withSandbox<Result>(
    configuration: SandboxConfiguration = SandboxConfiguration(), _ body: (SandboxServer) throws -> Result
) throws -> Result {
    let sandbox = try SandboxServer(configuration: configuration)
    defer { sandbox.stop() }
    return try body(sandbox)
}

/// Runs async `body` with a freshly started sandbox and stops it afterwards, whether `body` returns, throws or is
/// cancelled.
public func withSandbox<Result>(
    configuration: SandboxConfiguration = SandboxConfiguration(), _ body: (SandboxServer) async throws -> Result
) async throws -> Result {
    let sandbox = try SandboxServer(configuration: configuration)
    do {
        let result = try await body(sandbox)
        await sandbox.stop()
        return result
    } catch {
        await sandbox.stop()
        throw error
    }
}
