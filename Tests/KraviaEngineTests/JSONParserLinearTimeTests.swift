import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// A pathological JSON document and whether it must parse.
struct PathologicalJSON: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    var parses: Bool
    var testDescription: String { name }
}

/// Big enough that quadratic work (rescanning, copying per element) would take minutes a case — a hang
/// that the one-minute time limit reports. No assertion is timed.
let pathologicalJSON: [PathologicalJSON] = {
    let mebibyte = 1 << 20
    let depth = JSONParser.maximumDepth
    return [
        .init(name: "nesting 100,000 deep", bytes: Array(String(repeating: "[", count: 100_000).utf8), parses: false),
        .init(
            name: "nesting 100,000 deep in objects", bytes: Array(String(repeating: "{\"a\":", count: 100_000).utf8),
            parses: false),
        .init(
            name: "nesting at the limit",
            bytes: Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8),
            parses: true),
        .init(
            name: "a 1 MiB string of escapes",
            bytes: Array(("\"" + String(repeating: "\\u00e6\\n\\\"\\ud83d\\ude00", count: mebibyte / 24) + "\"").utf8),
            parses: true),
        .init(
            name: "an unterminated 1 MiB string of escapes",
            bytes: Array(("\"" + String(repeating: "\\t", count: mebibyte / 2)).utf8), parses: false),
        .init(
            name: "100,000 members",
            bytes: Array(("{" + (0..<100_000).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}").utf8),
            parses: true),
        .init(
            name: "100,000 duplicate keys",
            bytes: Array(("{" + String(repeating: "\"k\":1,", count: 100_000) + "\"k\":2}").utf8),
            parses: true),
        .init(
            name: "a 1 MiB number", bytes: Array(("1" + String(repeating: "0", count: mebibyte)).utf8), parses: false),
        .init(
            name: "1 MiB of whitespace", bytes: Array((String(repeating: " \n\t\r", count: mebibyte / 4) + "1").utf8),
            parses: true),
    ]
}()

@Suite struct JSONParserLinearTimeTests {
    @Test(.timeLimit(.minutes(1)), arguments: pathologicalJSON)
    func pathologicalDocumentIsParsedOrRefusedInLinearTime(_ input: PathologicalJSON) {
        let parsed = try? JSONParser.parse(Data(input.bytes))
        #expect((parsed != nil) == input.parses)
    }

    /// The same documents as request bodies: refused with a 4xx, never a 500 or a crash.
    @Test(.timeLimit(.minutes(1)), arguments: pathologicalJSON)
    func pathologicalBodyIsAnsweredWithoutA500(_ input: PathologicalJSON) {
        var client = EngineClient()
        client.authenticate()
        let headers: HTTPHeaders = [
            "Host": "sandbox.test", "Content-Type": "application/json",
            "Authorization": "Bearer " + (client.token ?? ""),
        ]
        let response = client.sandbox.handle(
            HTTPRequest(method: "POST", target: "/v1/sessions-profile", headers: headers, body: Data(input.bytes)))
        #expect((400..<500).contains(response.status), "\(response.status)")
    }
}
