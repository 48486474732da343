import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

/// The real sandbox behind the HTTP server, flooded: 2,000 idle connections held open do not stop a fresh
/// client from getting a token and reading the sandbox's state, and everything is given back afterwards.
@Suite(.serialized) struct EngineFloodTests {
    static let floodSize = 2000
    /// Both ends of every flood connection, twice (this suite and the other target's flood may run at the same
    /// time), plus room for everything else in the process.
    static let descriptorsNeeded = 4 * floodSize + 1024

    @Test(.enabled(if: DescriptorBudget.allows(EngineFloodTests.descriptorsNeeded), "needs RLIMIT_NOFILE ≥ 9024"))
    func sandboxServesFreshClientsThroughAFlood() throws {
        try withServedSandbox { sandbox, server in
            let port = server.port
            let base = "http://127.0.0.1:\(port)"
            let http = HTTPClient(
                configuration: HTTPClientConfiguration(connectTimeoutMilliseconds: 5000, readTimeoutMilliseconds: 5000))
            let token = OutboundRequest(
                method: "POST", url: base + "/v1/accounts/T12345678/auth/token",
                headers: [
                    "Authorization": "Basic " + Data("sandbox:sandbox-secret".utf8).base64EncodedString(),
                    "Content-Type": "application/json",
                ],
                body: Data(#"{"grant_type": "client_credentials", "audience": "x"}"#.utf8))
            let health = OutboundRequest(url: base + "/__sandbox/health")
            #expect(try http.send(health).status == 200)
            #expect(ProcessCensus.eventually { ProcessCensus.sockets(port: port) == (1, 0) })

            let flood = try ConnectionFlood(count: Self.floodSize, port: port)
            defer { flood.close() }
            #expect(
                ProcessCensus.eventually { ProcessCensus.sockets(port: port).local == Self.floodSize + 1 },
                "\(ProcessCensus.sockets(port: port))")
            let issued = try http.send(token)
            #expect(issued.status == 200)
            #expect(try JSONParser.parse(issued.body)["access_token"]?.stringValue?.isEmpty == false)
            #expect(try http.send(health).status == 200)
            #expect(flood.readableNow == 0, "no flood connection was answered or dropped")

            flood.close()
            #expect(ProcessCensus.eventually { ProcessCensus.sockets(port: port) == (1, 0) })
            #expect(try http.send(token).status == 200)
        }
    }
}
