import Foundation
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The skim must read the same fields as a full parse would, and refuse what the parser refuses.
@Suite struct JSONIdentifierSkimTests {
    /// The fields a full parse gives, the way the journal used to read them.
    private static func parsed(_ json: JSONValue) -> JSONIdentifierSkim.Fields {
        JSONIdentifierSkim.Fields(
            id: json["id"]?.stringValue, sessionId: json["session_id"]?.stringValue,
            transactionId: json["transaction_id"]?.stringValue,
            merchantReference: json["merchant_reference"]?.stringValue,
            orderMerchantReference: json["order"]?["merchant_reference"]?.stringValue)
    }

    @Test(arguments: [
        #"{"id": "T12345678.a", "merchant_reference": "order-1", "amount": 5, "events": [{"id": "e1"}]}"#,
        #"{"session_id": "s", "success": true, "transaction": {"id": "t", "session_id": "s", "merchant_reference": "r"}}"#,
        #"{"id": "s", "order": {"amount": 1, "merchant_reference": "from-order", "items": [{"id": "x"}]}}"#,
        #"{"session": {"id": "s", "order": {"merchant_reference": "m"}}, "id": "t"}"#,
        #"{"id": 5, "session_id": null, "transaction_id": ["a"], "merchant_reference": {"x": "y"}}"#,
        #"{"id": "first", "id": "second", "order": {"merchant_reference": "a"}, "order": 3}"#,
        #"{"merchant_reference": "\u00e6\u00f8\u00e5 \"quoted\" \ud83d\ude00", "i\u0064": "escaped-key"}"#,
        #"{"transaction": "not an object", "session": [1, 2], "nested": {"id": "deep", "transaction": {"id": "no"}}}"#,
        #"  {"n": -0.5e+10, "big": 123456789012345678901234, "t": true, "f": false, "z": null, "e": {}, "a": []}  "#,
        #"{}"#,
    ])
    func readsWhatAFullParseReads(_ text: String) throws {
        let json = try JSONParser.parse(Array(text.utf8))
        let skim = try #require(JSONIdentifierSkim.skim(Array(text.utf8)))
        #expect(skim.top == Self.parsed(json))
        #expect(skim.transaction == json["transaction"].flatMap { $0.objectValue != nil ? Self.parsed($0) : nil })
        #expect(skim.session == json["session"].flatMap { $0.objectValue != nil ? Self.parsed($0) : nil })
    }

    @Test(arguments: [
        #"{"id": "a""#, #"{"id": "a",}"#, #"{"id": "a"} x"#, #"[{"id": "a"}]"#, #""id""#, #"{"id": "a\q"}"#,
        #"{"n": 1e999}"#, #"{"n": 01}"#, #"{"s": "\ud800"}"#, "{\"s\": \"tab\u{9}inside\"}", #"{"t": tru}"#, "",
        String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
    ])
    func refusesWhatTheParserRefuses(_ text: String) {
        let parses = (try? JSONParser.parse(Array(text.utf8)))?.objectValue != nil
        #expect(!parses)
        #expect(JSONIdentifierSkim.skim(Array(text.utf8)) == nil)
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = Array(#"{"id": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect((try? JSONParser.parse(bytes)) == nil)
        #expect(JSONIdentifierSkim.skim(bytes) == nil)
    }

    @Test func theParserStillDecodesStringsAndNumbers() throws {
        // The fast paths: strings without escapes are slices of the input, short integers skip the text.
        let text =
            #"{"a": "plain", "b": "\n\t\\\/", "c": "\u00e6", "d": "😀", "e": "", "n": [1, -2, 3.5, 1e3, -0, 123456789012345678, 1234567890123456789, -9223372036854775808]}"#
        let json = try JSONParser.parse(Array(text.utf8))
        #expect(json["a"] == "plain")
        #expect(json["b"] == "\n\t\\/")
        #expect(json["c"] == "æ")
        #expect(json["d"] == "😀")
        #expect(json["e"] == "")
        #expect(
            json["n"]
                == .array([
                    .int(1), .int(-2), .double(3.5), .double(1000), .int(0), .int(123_456_789_012_345_678),
                    .int(1_234_567_890_123_456_789), .int(-9_223_372_036_854_775_808),
                ]))
    }
}
