import Foundation
import KraviaEngine
import SandboxHTTP

/// A sandbox served over real sockets by `HTTPServer` in this process, as `kravia-sandbox` serves it
/// (running clock, timeline runner started), with the complete answers timed for callback latency.
final class InProcessSandbox: @unchecked Sendable {
    let sandbox: Sandbox
    let timing: AnswerTimingHandler
    let server: HTTPServer
    var port: Int { server.port }

    init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        sandbox = Sandbox(configuration: configuration)
        timing = AnswerTimingHandler(sandbox)
        server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), handler: timing)
        do { try server.start() } catch { Report.fail("cannot start the sandbox: \(error)") }
        sandbox.start()
    }

    func stop() {
        server.stop()
        server.waitUntilStopped()
        sandbox.shutdown()
        sandbox.closeJournal()
    }

    /// A token and one captured transaction, for the GET benchmarks.
    func sampleTransaction() -> (authorization: [(String, String)], transactionId: String) {
        let merchant = MerchantClient(port: port, name: "sample")
        do {
            try merchant.authenticate()
            let session = try merchant.createSession(callbackURL: nil)
            return (merchant.authorization, try merchant.complete(session: session))
        } catch {
            Report.fail("cannot create a sample transaction: \(error)")
        }
    }
}
