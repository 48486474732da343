import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

@Suite struct JournalExportTests {
    private func journaledCheckout(_ configuration: SandboxConfiguration = .testing()) -> EngineClient {
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        client.authenticate()
        let sessionId = client.createSession(callbackURL: nil)
        _ = client.complete(sessionId)
        // A binary body must survive too.
        client.send("POST", "/v1/sessions", headers: ["Content-Type": "application/octet-stream"])
        return client
    }

    @Test func theNDJSONExportIsOneParsableEntryPerLine() throws {
        let client = journaledCheckout()
        let result = client.send("GET", "/__sandbox/journal/export?format=ndjson")
        #expect(result.status == 200)
        #expect(result.response.headers["Content-Type"] == "application/x-ndjson")
        let text = String(decoding: result.response.body, as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        let entries = try lines.map { try JSONParser.parse(Data($0.utf8)) }
        #expect(entries.map { $0["seq"] } == [1, 2, 3, 4])
        #expect(entries == client.send("GET", "/__sandbox/journal").body["entries"]?.arrayValue)
    }

    @Test func theHARExportHasEveryFieldHAR12Requires() throws {
        let client = journaledCheckout()
        let result = client.send("GET", "/__sandbox/journal/export?format=har")
        #expect(result.status == 200)
        let log = try #require(result.body["log"])
        #expect(log["version"] == "1.2")
        #expect(log["creator"]?["name"] == "kravia-sandbox")
        #expect(log["creator"]?["version"] == .string(Sandbox.version))
        let entries = try #require(log["entries"]?.arrayValue)
        #expect(entries.count == 4)
        for entry in entries {
            #expect(entry["startedDateTime"]?.stringValue.flatMap(Timestamp.init(iso8601:)) != nil)
            #expect(entry["time"]?.doubleValue != nil)
            #expect(entry["cache"]?.objectValue != nil)
            for key in ["send", "wait", "receive"] { #expect(entry["timings"]?[key]?.doubleValue != nil) }
            let request = try #require(entry["request"])
            for key in ["method", "url", "httpVersion"] { #expect(request[key]?.stringValue != nil, "\(key)") }
            for key in ["headers", "queryString", "cookies"] { #expect(request[key]?.arrayValue != nil, "\(key)") }
            for key in ["headersSize", "bodySize"] { #expect(request[key]?.intValue != nil, "\(key)") }
            #expect(request["url"]?.stringValue?.hasPrefix("http://sandbox.test/") == true)
            let response = try #require(entry["response"])
            #expect(response["status"]?.intValue != nil)
            for key in ["statusText", "httpVersion", "redirectURL"] {
                #expect(response[key]?.stringValue != nil, "\(key)")
            }
            for key in ["headers", "cookies"] { #expect(response[key]?.arrayValue != nil, "\(key)") }
            for key in ["headersSize", "bodySize"] { #expect(response[key]?.intValue != nil, "\(key)") }
            #expect(response["content"]?["size"]?.intValue != nil)
            #expect(response["content"]?["mimeType"]?.stringValue != nil)
        }
        let create = entries[1]
        #expect(create["request"]?["postData"]?["mimeType"] == "application/json")
        #expect(create["request"]?["postData"]?["text"]?.stringValue?.contains("merchant_reference") == true)
        #expect(create["response"]?["statusText"] == "OK")
        #expect(create["_session_id"] != nil)
    }

    @Test func anUnknownExportFormatIs400() {
        #expect(EngineClient().send("GET", "/__sandbox/journal/export?format=csv").status == 400)
    }

    @Test func bodiesThatAreNotUTF8AreKeptAsBase64() {
        let client = EngineClient()
        let bytes = Data([0xFF, 0xFE, 0x00, 0x41])
        _ = client.sandbox.handle(
            HTTPRequest(
                method: "POST", target: "/v1/sessions", headers: ["Content-Type": "application/octet-stream"],
                body: bytes))
        let entry = client.send("GET", "/__sandbox/journal").body["entries"]?[0]
        #expect(entry?["request"]?["body_encoding"] == "base64")
        #expect(entry?["request"]?["body"] == .string(bytes.base64EncodedString()))
        #expect(entry?["response"]?["body_encoding"] == "text")
    }

    @Test func theFileGetsEachEntryAsOneCompleteLineAsItHappens() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).ndjson")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = SandboxConfiguration.testing()
        configuration.journalFile = path
        let sandbox = Sandbox(configuration: configuration)
        defer { sandbox.closeJournal() }
        let client = EngineClient(sandbox: sandbox)
        for expected in 1...5 {
            client.send("GET", "/v1/sessions/missing-\(expected)")
            sandbox.waitUntilJournalWritten()
            // The sandbox is still running: the line is in the file now, not at close.
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasSuffix("\n"))
            let lines = text.split(separator: "\n")
            #expect(lines.count == expected)
            let last = try JSONParser.parse(Data(lines.last!.utf8))
            #expect(last["seq"] == .int(Int64(expected)))
            #expect(last["path"] == .string("/v1/sessions/missing-\(expected)"))
        }
        #expect(client.send("GET", "/__sandbox/health").body["journal"]?["file"] == .string(path))
    }

    @Test func anUnwritableFileIsReportedAndTheSandboxRunsOn() {
        var configuration = SandboxConfiguration.testing()
        configuration.journalFile = "/nonexistent-dir/journal.ndjson"
        let sandbox = Sandbox(configuration: configuration)
        #expect(sandbox.journalFileError?.description.hasPrefix("cannot open journal file /nonexistent-dir") == true)
        let health = EngineClient(sandbox: sandbox).send("GET", "/__sandbox/health")
        #expect(health.body["journal"]?["file_error"] == .string(sandbox.journalFileError?.description ?? "?"))
        #expect(health.body["journal"]?["file"] == "/nonexistent-dir/journal.ndjson")
    }

    @Test func logLinesNameTheExchangeAndItsIds() {
        let now = Timestamp(iso8601: "2027-01-05T10:00:00Z")!
        let record = ExchangeRecord(
            direction: .inbound, method: "POST", url: "http://h/v1/sessions-profile", path: "/v1/sessions-profile",
            status: 200, wallTime: now, sandboxTime: now, durationMilliseconds: 1.23, accountId: "T12345678",
            sessionId: "T12345678.abc", merchantReference: "order 1")
        let entry = JournalEntry(seq: 7, record: record)
        #expect(
            entry.logLine(.text)
                == "2027-01-05T10:00:00.000Z inbound POST /v1/sessions-profile 200 1.2ms account=T12345678 "
                + "session=T12345678.abc merchant_reference=\"order 1\"\n")
        let json = try? JSONParser.parse(Data(entry.logLine(.json).utf8))
        #expect(json?["seq"] == 7)
        #expect(json?["status"] == 200)
        #expect(json?["session_id"] == "T12345678.abc")
        #expect(json?["request"] == nil)
    }

    /// A failed attempt (no status), a slow one (whole milliseconds from 100 on) and one under a millisecond.
    @Test(
        arguments: [
            (nil, 345.6, "ERR 346ms"), (Optional(502), 99.94, "502 99.9ms"), (Optional(200), 0.04, "200 0.0ms"),
            (Optional(200), 12.34, "200 12.3ms"), (Optional(200), 57, "200 57.0ms"),
            // Rounded up to the tenth past the table of short durations: still in tenths, as below 100 ms.
            (Optional(200), 99.96, "200 100.0ms"),
            // What no clock measures still makes a line of the measured length: clamped, not trapped on.
            (Optional(1_000), .infinity, "1000 0.0ms"), (Optional(200), -3, "200 0.0ms"),
            (Optional(200), 1e300, "200 1000000000000000ms"),
        ] as [(Int?, Double, String)])
    func logLinesWriteStatusAndDuration(status: Int?, milliseconds: Double, expected: String) {
        let now = Timestamp(iso8601: "2027-01-05T10:00:00.250Z")!
        let record = ExchangeRecord(
            direction: .outbound, method: "GET", url: "https://shop.example/callback", path: "/callback",
            status: status, wallTime: now, sandboxTime: now, durationMilliseconds: milliseconds, attempt: 2)
        #expect(
            JournalEntry(seq: 3, record: record).logLine(.text)
                == "2027-01-05T10:00:00.250Z outbound GET https://shop.example/callback \(expected) attempt=2\n")
    }
}
