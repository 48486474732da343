import Foundation
import Testing
@testable import SandboxHTTP
import SandboxTestSupport

@Suite struct HTTPServerSmokeTests {
    @Test func answersOneRequest() throws {
        try withServer { server in
            #expect(server.port > 0)
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "GET /hello 0\n")
            #expect(response.headers["Date"] != nil)
        }
    }
}
