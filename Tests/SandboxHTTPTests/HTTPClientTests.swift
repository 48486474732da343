@preconcurrency import Glibc
import Foundation
import Testing
@testable import SandboxHTTP

@Suite struct HTTPClientTests {
    let client = HTTPClient(
        configuration: HTTPClientConfiguration(connectTimeoutMilliseconds: 1000, readTimeoutMilliseconds: 300))

    @Test func getsFromOurServer() throws {
        try withServer { server in
            let response = try client.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/hi?x=1"))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "GET /hi?x=1 0\n")
            #expect(response.duration > .zero)
            #expect(!response.bodyTruncated)
        }
    }

    @Test func postsABodyByHostName() throws {
        let seen = LogRecorder()
        let handler = ClosureHTTPHandler { request in
            seen.sink(
                "\(request.headers["Host"] ?? "") \(request.headers["Connection"] ?? "") \(request.headers["X-Sig"] ?? "")"
            )
            return EchoHandler().handle(request)
        }
        try withServer(handler: handler) { server in
            let request = OutboundRequest(
                method: "POST", url: "http://localhost:\(server.port)/cb", headers: ["X-Sig": "abc"],
                body: Data("{}".utf8))
            let response = try client.send(request)
            #expect(String(decoding: response.body, as: UTF8.self) == "POST /cb 2\n{}")
        }
        #expect(
            seen.all == [
                "localhost:\(try #require(seen.all.first?.split(separator: " ").first?.split(separator: ":").last)) close abc"
            ])
    }

    @Test func reachesAnIPv6Literal() throws {
        let server = HTTPServer(configuration: .init(host: "::1", port: 0), handler: EchoHandler())
        do { try server.start() } catch { return }  // no IPv6 loopback in this environment
        defer { server.stop() }
        let response = try client.send(OutboundRequest(url: "http://[::1]:\(server.port)/six"))
        #expect(String(decoding: response.body, as: UTF8.self) == "GET /six 0\n")
    }

    @Test func redirectsAreReturnedNotFollowed() throws {
        let canned = try CannedServer(
            response: "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n")
        defer { canned.close() }
        let response = try client.send(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        #expect(response.status == 302)
        #expect(response.headers["Location"] == "http://127.0.0.1:1/elsewhere")
    }

    @Test(arguments: ResponseWires.framings)
    func readsEveryBodyFraming(_ wire: String, _ body: String, _ truncated: Bool) throws {
        let canned = try CannedServer(response: wire)
        defer { canned.close() }
        let capped = HTTPClient(configuration: HTTPClientConfiguration(readTimeoutMilliseconds: 2000, maxBodySize: 10))
        let response = try capped.send(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        #expect(String(decoding: response.body, as: UTF8.self) == body)
        #expect(response.bodyTruncated == truncated)
    }

    @Test(arguments: [
        ("https://example.com/", OutboundError.unsupportedScheme("https")),
        ("ftp://example.com/", .unsupportedScheme("ftp")),
        ("not a url", .invalidURL("not a url")),
        ("http://", .invalidURL("http://")),
        ("http://host:99999/", .invalidURL("http://host:99999/")),
        ("http://user@host/", .invalidURL("http://user@host/")),
    ])
    func refusesURLsItCannotServe(_ url: String, _ expected: OutboundError) {
        #expect(throws: expected) { try client.send(OutboundRequest(url: url)) }
        #expect(!expected.description.isEmpty)
    }

    @Test func refusedConnectionIsReported() throws {
        let address = SocketAddress(numericHost: "127.0.0.1", port: 0)!
        let probe = try Socket.tcp(family: address.family)
        try probe.bind(to: address)
        let port = try probe.localAddress().port
        probe.close()  // bound but never listening, then released: nothing accepts on this port
        #expect(throws: OutboundError.connectionRefused("127.0.0.1:\(port)")) {
            try client.send(OutboundRequest(url: "http://127.0.0.1:\(port)/"))
        }
    }

    @Test func unknownHostIsADNSFailure() {
        #expect {
            try client.send(OutboundRequest(url: "http://no-such-host.invalid/"))
        } throws: { error in
            guard case .dnsFailure(let host, _) = error as? OutboundError else { return false }
            return host == "no-such-host.invalid"
        }
    }

    @Test func listenerThatNeverAnswersTimesOut() throws {
        let canned = try CannedServer { socket in
            Thread.sleep(forTimeInterval: 1)
            socket.close()
        }
        defer { canned.close() }
        #expect(throws: OutboundError.readTimeout(milliseconds: 300)) {
            try client.send(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        }
    }

    @Test func fullBacklogTimesOutTheConnect() throws {
        let (canned, fillers) = try fullBacklog()
        defer {
            fillers.forEach { $0.close() }
            canned.close()
        }
        let quick = HTTPClient(configuration: HTTPClientConfiguration(connectTimeoutMilliseconds: 200))
        #expect(throws: OutboundError.connectTimeout(milliseconds: 200)) {
            try quick.send(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        }
    }

    /// The total timeout bounds connect and read together: whichever step it cuts short reports it.
    @Test func aTotalTimeoutEndsTheConnectBeforeItsOwnTimeout() throws {
        let (canned, fillers) = try fullBacklog()
        defer {
            fillers.forEach { $0.close() }
            canned.close()
        }
        let bounded = HTTPClient(
            configuration: HTTPClientConfiguration(connectTimeoutMilliseconds: 5000, totalTimeoutMilliseconds: 250))
        #expect(throws: OutboundError.connectTimeout(milliseconds: 250)) {
            try bounded.send(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        }
    }

    @Test func aTotalTimeoutEndsTheReadBeforeItsOwnTimeout() throws {
        let canned = try CannedServer { socket in
            Thread.sleep(forTimeInterval: 1)
            socket.close()
        }
        defer { canned.close() }
        let bounded = HTTPClient(
            configuration: HTTPClientConfiguration(readTimeoutMilliseconds: 5000, totalTimeoutMilliseconds: 250))
        #expect(throws: OutboundError.readTimeout(milliseconds: 250)) {
            try bounded.send(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/"))
        }
    }

    /// A listener that never accepts, its accept queue filled so that further handshakes go unanswered.
    private func fullBacklog() throws -> (CannedServer, [Socket]) {
        let canned = try CannedServer(accepting: false) { _ in }
        var fillers: [Socket] = []
        let address = SocketAddress(numericHost: "127.0.0.1", port: canned.port)!
        for _ in 0..<4 {
            let socket = try Socket.tcp(family: address.family)
            fillers.append(socket)
            try? socket.connect(to: address, timeout: 100)
        }
        return (canned, fillers)
    }

    @Test(arguments: ResponseWires.broken)
    func brokenResponsesAreReported(_ wire: String, _ expected: OutboundError) throws {
        let canned = try CannedServer(response: wire)
        defer { canned.close() }
        #expect(throws: expected) { try client.send(OutboundRequest(url: "http://127.0.0.1:\(canned.port)/")) }
    }
}
