import KraviaEngine
import SandboxSupport
import Testing

/// Where and why `JSONParser` fails: a document that stops short says it ended, at its length; a wrong byte
/// before the end keeps its own reason and offset.
@Suite struct JSONParserTests {
    /// A document with every kind of token, so its prefixes stop inside each of them: keys, strings with
    /// escapes and a surrogate pair, literals, numbers with fractions and exponents, nesting, whitespace.
    static let document = Array(
        (#"{"name": "Ola \"N\" \u00f8\ud83d\ude00", "ok": true, "no": false, "none": null, "city": "Tromsø", "#
            + #""amounts": [0, -12, 3.25, 6e2, 1.5E-3], "nested": {"list": [[], {}]}  }"#).utf8)

    @Test func theWholeDocumentParses() throws {
        let value = try JSONParser.parse(Self.document)
        #expect(value["name"] == "Ola \"N\" ø😀")
        #expect(value["amounts"]?[4] == JSONValue.double(0.0015))
    }

    /// Every proper prefix of a valid document fails because it ended, never because of a byte it holds.
    @Test func everyPrefixEndsAtItsLength() {
        for length in 0..<Self.document.count {
            let failure = Self.failure(Array(Self.document[..<length]))
            #expect(
                failure?.reason == "unexpected end of the document",
                "after \(length) bytes: \(String(describing: failure))")
            #expect(failure?.offset == length, "after \(length) bytes")
        }
    }

    /// The failure of parsing `bytes`, nil when they parse.
    private static func failure(_ bytes: [UInt8], documentName: String = "document") -> JSONParser.Failure? {
        do {
            _ = try JSONParser.parse(bytes, documentName: documentName)
            return nil
        } catch {
            return error
        }
    }

    @Test func theDocumentIsNamedAsTheCallerCallsIt() {
        let failure = Self.failure(Array(#"{"a": ["#.utf8), documentName: "body")
        #expect(failure?.description == "unexpected end of the body at byte 7")
    }

    @Test(arguments: [
        (#"{"a" 1}"#, "expected ':'", 5),
        (#"{"a": 1,}"#, "expected a key", 8),
        (#"[1 2]"#, "expected ',' or ']'", 3),
        (#"{"a": 1 "b": 2}"#, "expected ',' or '}'", 8),
        (#"{"a": trux}"#, "invalid literal", 6),
        (#"{"a": "\x"}"#, "invalid escape", 9),
        (#"["\u12G4"]"#, "invalid unicode escape", 4),
        (#""\u1""#, "short unicode escape", 3),
        (#"["\ud83d"]"#, "unpaired surrogate", 8),
        (#"["\ud83dx"]"#, "unpaired surrogate", 8),
        (#"[1.]"#, "invalid number", 3),
        (#"{} {}"#, "unexpected data after the document", 3),
    ])
    func aWrongByteBeforeTheEndKeepsItsReason(text: String, reason: String, offset: Int) {
        let failure = Self.failure(Array(text.utf8))
        #expect(failure?.reason == reason)
        #expect(failure?.offset == offset)
    }
}
