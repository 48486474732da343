import Foundation
import Testing
@testable import SandboxHTTP
import SandboxTestSupport

/// Every hostile input over a real socket is answered with its status and `Connection: close`, then closed.
@Suite struct HTTPServerHostileInputTests {
    @Test(arguments: hostileFixtures)
    func answersAndCloses(_ fixture: HostileFixture) throws {
        let log = LogRecorder()
        try withServer(HTTPServerConfiguration(port: 0, log: log.sink)) { server in
            let client = try RawClient(port: server.port)
            try client.send(fixture.wire)
            let response = try client.readResponse()
            #expect(response.status == fixture.status)
            #expect(response.headers["Connection"] == "close")
            #expect(try client.waitForClose())
        }
        #expect(log.all.contains { $0.contains("\(fixture.status)") })
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: a\r\n",  // head without its end
        "GET / HTTP/1.1\r\nHost: a\r\nX-Slow: dribbl",  // slowloris mid-field
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhalf",  // body stops short
    ])
    func halfSentRequestTimesOutWith408(_ wire: String) throws {
        let configuration = HTTPServerConfiguration(port: 0, headTimeout: .milliseconds(200))
        try withServer(configuration) { server in
            let client = try RawClient(port: server.port)
            try client.send(wire)
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(response.headers["Connection"] == "close")
            #expect(try client.waitForClose())
        }
    }

    @Test func silentConnectionIsClosedWithoutAnAnswer() throws {
        try withServer(HTTPServerConfiguration(port: 0, headTimeout: .milliseconds(200))) { server in
            let client = try RawClient(port: server.port)
            #expect(try client.waitForClose())
        }
    }

    @Test func idleKeepAliveConnectionIsClosedSilently() throws {
        try withServer(HTTPServerConfiguration(port: 0, idleTimeout: .milliseconds(200))) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(try client.waitForClose())
        }
    }

    /// A client that sends an oversized body anyway still reads the 413 (the server drains instead of
    /// resetting the connection under it).
    @Test func oversizedBodySentAnywayStillGets413() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            let size = 2 * 1024 * 1024
            try client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(size)\r\n\r\n")
            try client.send([UInt8](repeating: 0x61, count: size))
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.headers["Connection"] == "close")
        }
    }

    @Test func garbageAfterAGoodRequestIsAnswered400() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n\u{0}\u{1}garbage\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let second = try client.readResponse()
            #expect(second.status == 400)
            #expect(second.headers["Connection"] == "close")
        }
    }

    @Test func connectionsPastTheLimitAreAnswered503() throws {
        try withServer(HTTPServerConfiguration(port: 0, maxConnections: 2)) { server in
            let first = try RawClient(port: server.port)
            let second = try RawClient(port: server.port)
            // Both admitted connections answer, so they are registered before the third arrives.
            for client in [first, second] {
                try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            let third = try RawClient(port: server.port)
            try third.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try third.readResponse()
            #expect(response.status == 503)
            #expect(response.headers["Connection"] == "close")
            // Closing one makes room again.
            try first.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(try first.readResponse().status == 200)
            #expect(try first.waitForClose())
            var admitted = false
            for _ in 0..<50 where !admitted {
                let fourth = try RawClient(port: server.port)
                try fourth.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                admitted = try fourth.readResponse().status == 200
                if !admitted { Thread.sleep(forTimeInterval: 0.02) }
            }
            #expect(admitted)
        }
    }

    @Test func clientsResettingMidResponseDoNotHurtTheServer() throws {
        let big = Data(repeating: 0x62, count: 4 * 1024 * 1024)
        let handler = ClosureHTTPHandler { _ in HTTPResponse(status: 200, body: big) }
        try withServer(handler: handler) { server in
            for _ in 0..<20 {
                let client = try RawClient(port: server.port)
                try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                // SO_LINGER 0 turns close into a reset while the server is still writing.
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client.socket.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            }
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().body.count == big.count)
        }
    }
}
