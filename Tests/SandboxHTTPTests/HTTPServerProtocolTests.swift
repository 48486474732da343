import Foundation
import Synchronization
import Testing
@testable import SandboxHTTP
import SandboxTestSupport

@Suite struct HTTPServerProtocolTests {
    @Test func keepAliveServesSequentialRequestsOnOneSocket() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            for index in 0..<5 {
                try client.send("GET /\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.text == "GET /\(index) 0\n")
                #expect(response.headers["Connection"] == nil)
            }
        }
    }

    /// A handler finds what it kept on a connection's memo on that connection's later requests (pipelined too),
    /// and a new connection starts with an empty one.
    @Test func eachConnectionsRequestsShareTheirOwnMemo() throws {
        let handler = ClosureHTTPHandler { request in
            guard let memo = request.connectionMemo else { return HTTPResponse(status: 500) }
            let counter = memo.value as? Counter ?? Counter()
            memo.value = counter
            return HTTPResponse(status: 200, body: Data("\(counter.next())".utf8))
        }
        try withServer(handler: handler) { server in
            let first = try RawClient(port: server.port)
            let second = try RawClient(port: server.port)
            try first.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try first.readResponse().text == "0")
            try first.send(String(repeating: "GET / HTTP/1.1\r\nHost: a\r\n\r\n", count: 2))
            #expect(try first.readResponse().text == "1")
            #expect(try first.readResponse().text == "2")
            try second.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try second.readResponse().text == "0")
            try first.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try first.readResponse().text == "3")
        }
    }

    /// Counts a connection's requests from 0.
    private final class Counter {
        private var count = 0
        func next() -> Int {
            defer { count += 1 }
            return count
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            let wire = (0..<10).map { "POST /\($0) HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n\($0)" }.joined()
            try client.send(wire + "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /last HTTP/1.1\r\nHost: a\r\n\r\n")
            for index in 0..<10 { #expect(try client.readResponse().text == "POST /\(index) 1\n\(index)") }
            #expect(try client.readResponse().text == "GET /slow 0\n")
            #expect(try client.readResponse().text == "GET /last 0\n")
        }
    }

    @Test func chunkedUploadIsDechunked() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("4\r\nWiki\r\n")
            try client.send("5;ext=1\r\npedia\r\n0\r\nTrailer: x\r\n\r\n")
            #expect(try client.readResponse().text == "POST /up 9\nWikipedia")
        }
    }

    @Test func expectContinueGets100BeforeTheBody() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("PUT /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("hello")
            #expect(try client.readResponse().text == "PUT /e 5\nhello")
        }
    }

    @Test func refusedBodyGets413InsteadOf100() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("PUT /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.headers["Connection"] == "close")
        }
    }

    @Test func headGetsTheLengthOfGetWithoutABody() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
            let get = try client.readResponse()
            try client.send("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.status == 200)
            #expect(head.headers["Content-Length"] == String(get.body.count + 1))  // "HEAD" is one byte longer
            // Had a body been sent, it would be read here as a broken status line.
            try client.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().text == "GET /after 0\n")
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        try withServer { server in
            let plain = try RawClient(port: server.port)
            try plain.send("GET /old HTTP/1.0\r\n\r\n")
            let response = try plain.readResponse()
            #expect(response.text == "GET /old 0\n")
            #expect(response.headers["Connection"] == "close")
            #expect(try plain.waitForClose())

            let keepAlive = try RawClient(port: server.port)
            for _ in 0..<2 {
                try keepAlive.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(try keepAlive.readResponse().headers["Connection"] == "keep-alive")
            }
        }
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "GET /close HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func connectionCloseFromEitherSideIsHonoured(_ wire: String) throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send(wire + "GET /never HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["Connection"] == "close")
            #expect(try client.waitForClose())
        }
    }

    @Test func thousandsOfIdleConnectionsDoNotBlockAFreshClient() throws {
        try withServer { server in
            let idle = try (0..<2000).map { _ in try RawClient(port: server.port) }
            try idle[0].send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try idle[0].readResponse().status == 200)
            let fresh = try RawClient(port: server.port)
            try fresh.send("GET /fresh HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try fresh.readResponse().text == "GET /fresh 0\n")
            #expect(idle.count == 2000)
        }
    }

    @Test func blockedHandlersDoNotStopOtherClients() throws {
        let release = DispatchSemaphore(value: 0)
        let handler = ClosureHTTPHandler { request in
            if request.path == "/block" { release.wait() }
            return HTTPResponse(status: 200)
        }
        try withServer(handler: handler) { server in
            let blocked = try (0..<8).map { _ in try RawClient(port: server.port) }
            for client in blocked { try client.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n") }
            let free = try RawClient(port: server.port)
            try free.send("GET /free HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try free.readResponse().status == 200)
            for _ in blocked { release.signal() }
            for client in blocked { #expect(try client.readResponse().status == 200) }
        }
    }

    @Test func stopFinishesTheRequestInFlight() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let handler = ClosureHTTPHandler { _ in
            entered.signal()
            release.wait()
            return HTTPResponse(status: 200, body: Data("done".utf8))
        }
        let server = HTTPServer(configuration: .init(port: 0), handler: handler)
        try server.start()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        let idle = try RawClient(port: server.port)
        try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(entered.wait(timeout: .now() + 5) == .success)
        // Stop while the handler is held: the idle connection closing shows the stop is under way, and only
        // then is the handler let go, so the request provably finishes during the stop.
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            server.stop()
            stopped.signal()
        }
        #expect(try idle.waitForClose())
        release.signal()
        let response = try client.readResponse()
        #expect(response.text == "done")
        #expect(response.headers["Connection"] == "close")
        #expect(stopped.wait(timeout: .now() + 30) == .success)
        #expect(throws: (any Error).self) { try RawClient(port: server.port) }
        server.stop()  // idempotent
        server.waitUntilStopped()
    }

    @Test func stopFromInsideAHandlerReturns() throws {
        let holder = Mutex<HTTPServer?>(nil)
        let server = HTTPServer(
            configuration: .init(port: 0),
            handler: ClosureHTTPHandler { _ in
                holder.withLock { $0 }?.stop()
                return HTTPResponse(status: 200)
            })
        holder.withLock { $0 = server }
        try server.start()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        server.waitUntilStopped()
        holder.withLock { $0 = nil }
    }

    @Test func secondServerOnTheSamePortFailsWithAReadableError() throws {
        try withServer { server in
            let clash = HTTPServer(configuration: .init(port: server.port), handler: EchoHandler())
            do {
                try clash.start()
                clash.stop()
                Issue.record("bound twice")
            } catch {
                #expect("\(error)".contains("Address already in use"))
            }
        }
    }
}
