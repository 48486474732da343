import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// `kravia-sandbox listen` run as a built executable: it answers what is POSTed to it and prints each request.
@Suite struct ListenCommandTests {
    let executable = BuiltExecutable.locate()

    /// Starts `listen` on a free port with `arguments`; returns it and its port.
    private func startListen(_ arguments: [String]) throws -> (running: BuiltExecutable.Running, port: Int) {
        let executable = try #require(executable, "build the kravia-sandbox product first")
        let portFile = NSTemporaryDirectory() + "kravia-listen-port-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let running = try executable.launch(["listen", "--port", "0", "--port-file", portFile] + arguments)
        guard let port = waitForFile(portFile).flatMap(Int.init) else {
            let result = running.stop()
            Issue.record("listen wrote no port: \(result.error)")
            throw CancellationError()
        }
        return (running, port)
    }

    private func send(
        _ method: String, _ url: String, headers: HTTPHeaders = [:], body: String = ""
    ) throws -> OutboundResponse {
        try HTTPClient().send(OutboundRequest(method: method, url: url, headers: headers, body: Data(body.utf8)))
    }

    @Test func printsEachRequestAsJSONAndExitsOnceCountAreAnswered() throws {
        let (listen, port) = try startListen(["--count", "2", "--format", "json"])
        let base = "http://127.0.0.1:\(port)"
        let post = try send(
            "POST", base + "/callback?transaction_id=T12345678.abc&report_event=CAPTURE&report_event=REFUND",
            headers: ["Content-Type": "application/json", "Dintero-Signature": "t=1,v0-hmac-sha256=ab"],
            body: #"{"status": "CAPTURED", "amount": 50000}"#)
        let get = try send("GET", base + "/elsewhere")
        #expect(post.status == 200)
        #expect(get.status == 200)
        let result = listen.finish()
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("listening on \(base), answering 200"))
        let lines = result.output.split(separator: "\n")
        try #require(lines.count == 2, "\(result.output)")
        let first = try JSONParser.parse(Data(lines[0].utf8))
        #expect(first["method"] == "POST")
        #expect(first["path"] == "/callback")
        #expect(first["query"]?["transaction_id"] == "T12345678.abc")
        #expect(first["query"]?["report_event"] == ["CAPTURE", "REFUND"])
        #expect(first["headers"]?["dintero-signature"] == "t=1,v0-hmac-sha256=ab")
        #expect(first["body"] == #"{"status": "CAPTURED", "amount": 50000}"#)
        #expect(first["json"]?["amount"] == 50000)
        #expect(first["status"] == 200)
        #expect(first["time"]?.stringValue.flatMap { Timestamp(iso8601: $0) } != nil)
        let second = try JSONParser.parse(Data(lines[1].utf8))
        #expect(second["method"] == "GET")
        #expect(second["target"] == "/elsewhere")
        #expect(second["body"] == .null)
    }

    @Test func answersWithTheChosenStatusPrintsTextAndStopsOnSigterm() throws {
        let (listen, port) = try startListen(["--status", "503"])
        let answer = try send("POST", "http://127.0.0.1:\(port)/cb?x=1", body: "line one\nline two")
        #expect(answer.status == 503)
        // The request has been answered, so it has been printed: stopping now loses nothing.
        let result = listen.stop()
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4, "\(result.output)")
        let head = String(lines.first ?? "")
        #expect(head.hasSuffix(" POST /cb?x=1 -> 503"), "\(head)")
        #expect(Timestamp(iso8601: String(head.prefix { $0 != " " })) != nil, "\(head)")
        #expect(Array(lines.dropFirst()) == ["  line one", "  line two", ""])
    }

    @Test func aTakenPortExits1SayingSo() throws {
        let executable = try #require(executable)
        let taken = HTTPServer(
            configuration: HTTPServerConfiguration(port: 0),
            handler: ClosureHTTPHandler { _ in HTTPResponse(status: 200) })
        try taken.start()
        defer { taken.stop() }
        let result = try executable.run(["listen", "--port", "\(taken.port)"])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("kravia-sandbox: cannot listen on 127.0.0.1:\(taken.port): "), "\(result.error)")
        #expect(result.error.split(separator: "\n").count == 1)
    }

    @Test(arguments: [
        ["--status", "99"], ["--status", "600"], ["--format", "xml"], ["stray"], ["--count", "0"], ["--port", "70000"],
        ["--colour", "red"],
    ])
    func badUsageExits64(arguments: [String]) throws {
        let result = try #require(executable).run(["listen"] + arguments)
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("kravia-sandbox: "))
        #expect(result.error.contains("USAGE: kravia-sandbox listen"))
    }
}
