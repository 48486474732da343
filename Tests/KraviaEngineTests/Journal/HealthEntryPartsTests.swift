import Foundation
import SandboxSupport
import Testing

@testable import KraviaEngine

/// A health poll's journal entry keeps the document's changing start and shares its unchanging end (scenarios,
/// lifecycles: most of its bytes) with the polls before it; whoever reads the entry gets the bytes that were sent.
struct HealthEntryPartsTests {
    @Test func pollsShareTheDocumentsEndUntilTheBooksChange() throws {
        let client = EngineClient()
        let sent = [
            client.send("GET", "/__sandbox/health").response.body,
            client.send("GET", "/__sandbox/health").response.body,
        ]
        client.send(
            "POST", "/__sandbox/accounts",
            json: ["account_id": "T00000002", "client_id": "b", "client_secret": "b-secret"])
        let afterChange = client.send("GET", "/__sandbox/health").response.body
        let records = client.sandbox.journal.allEntries().map(\.record).filter { $0.path == "/__sandbox/health" }

        #expect(records.map(\.responseBody) == sent + [afterChange])
        let parts = try records.map { try #require($0.content.annex?.responseParts) }
        #expect(records.allSatisfy { $0.content.responseBody.isEmpty })
        // The head is the counts' part; the end is one array, held by both polls before the change.
        #expect(parts.allSatisfy { $0.head.count < 128 && $0.sharedTail.count > 600 })
        let ends = parts.map { $0.sharedTail.withUnsafeBufferPointer { $0.baseAddress } }
        #expect(ends[0] == ends[1])
        #expect(ends[1] != ends[2])
        // The journal's JSON shows the body as sent.
        let shown = try #require(client.sandbox.journal.allEntries().last { $0.record.path == "/__sandbox/health" })
        #expect(shown.json["response"]?["body"]?.stringValue == String(decoding: afterChange, as: UTF8.self))
    }

    @Test func anotherBodyOnTheHealthPathIsKeptWhole() {
        let document = HealthDocument(
            scenarios: [], version: "0", defaultLifecycle: "captured", journalFile: nil, journalFileError: nil,
            journalLimit: nil)
        #expect(document.parts(of: Data("{}".utf8)) == nil)  // nothing rendered yet
        let end = document.lifecycles(revision: 1) { [] }
        let body = document.render(data: .null, journalEntries: 3, journalDropped: 0, lifecycles: end)
        #expect(document.parts(of: body)?.joined == body)
        var altered = body
        altered[altered.count - 2] = UInt8(ascii: "x")
        #expect(document.parts(of: altered) == nil)
        #expect(document.parts(of: Data(end)) == nil)  // no head: not a rendering
    }
}
