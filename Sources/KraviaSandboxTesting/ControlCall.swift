import KraviaEngine
import Foundation

/// One call of the library against the sandbox, written once; `SandboxServer` offers each as a blocking method
/// and as an `async` one, both running this same body.
struct ControlCall<Result: Sendable>: Sendable {
    let run: @Sendable (ControlConnection) throws(SandboxServerError) -> Result
}

extension SandboxServer {
    /// Runs `call` on the calling thread (the blocking face).
    func perform<Result>(_ call: ControlCall<Result>) throws(SandboxServerError) -> Result {
        try call.run(connection)
    }

    /// Runs `call` on a thread of its own and resumes with its result (the `async` face): the calls block on
    /// sockets, and Swift concurrency must not block its threads.
    func perform<Result>(_ call: ControlCall<Result>) async throws(SandboxServerError) -> Result {
        let connection = self.connection
        let result: Swift.Result<Result, SandboxServerError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                do throws(SandboxServerError) {
                    continuation.resume(returning: .success(try call.run(connection)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
