import KraviaEngine
import Foundation
import SandboxHTTP

/// A Kravia Sandbox served in-process on a free port, for XCTest and Swift Testing alike.
///
/// ```swift
/// let sandbox = try SandboxServer()
/// defer { sandbox.stop() }
/// let token = try sandbox.accessToken()
/// // point the merchant code at sandbox.baseURL ...
/// ```
///
/// It talks to itself over real HTTP, as merchant code does, so what a test sees is what a client sees.
/// `stop()` is idempotent and also runs on `deinit`; `withSandbox { sandbox in … }` stops on every path.
public final class SandboxServer: Sendable {
    /// A merchant account's client credentials.
    public struct Credentials: Sendable, Equatable {
        /// The Dintero account id, e.g. `T12345678`.
        public var accountId: String
        /// The OAuth client id.
        public var clientId: String
        /// The OAuth client secret.
        public var clientSecret: String

        /// Creates credentials.
        public init(accountId: String, clientId: String, clientSecret: String) {
            self.accountId = accountId
            self.clientId = clientId
            self.clientSecret = clientSecret
        }
    }

    /// The engine itself, for tests that want to look inside.
    public let sandbox: Sandbox
    /// Where the sandbox listens, e.g. `http://127.0.0.1:49152`: both the Dintero API and checkout base URL.
    public let baseURL: String
    /// The bound port.
    public let port: Int
    /// The first configured account's credentials (out of the box `T12345678` / `sandbox` / `sandbox-secret`).
    public let credentials: Credentials
    let server: HTTPServer
    let connection: ControlConnection

    /// Starts a sandbox on `127.0.0.1` and a free port.
    /// - Parameter configuration: accounts, seed, frozen clock, journal options; the default is a running clock
    ///   and random ids with the standard account.
    /// - Throws: `SandboxServerError.startFailed` when no port can be bound.
    public init(configuration: SandboxConfiguration = SandboxConfiguration()) throws {
        sandbox = Sandbox(configuration: configuration)
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: sandbox)
        do {
            try server.start()
        } catch {
            sandbox.closeJournal()
            throw SandboxServerError.startFailed("\(error)")
        }
        sandbox.start()
        port = server.port
        baseURL = "http://127.0.0.1:\(port)"
        let account = configuration.accounts.first ?? .standard
        credentials = Credentials(
            accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret)
        connection = ControlConnection(baseURL: baseURL, adminToken: configuration.adminToken)
    }

    deinit {
        stop()
    }

    /// Stops serving: wakes pending journal awaits, lets requests in flight finish, stops the timeline runner and
    /// closes the journal file. Idempotent, and safe from any thread.
    public func stop() {
        sandbox.closeJournal()
        server.stop()
        server.waitUntilStopped()
        sandbox.shutdown()
    }
}
