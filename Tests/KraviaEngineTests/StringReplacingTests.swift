import Foundation
import SandboxSupport
import Testing

struct StringReplacingTests {
    @Test(arguments: [
        ("{merchant} sells to {merchant}", "{merchant}", "Åse & Co"), ("<b><", "<", "\\u003c"), ("", "-", ""),
        ("150 600 1230", " ", ""), ("aaaa", "aa", "b"), ("ab", "abc", "x"), ("2026-12-03", "-", ""),
        ("é\u{301}e", "e", "ø"), ("x😀y😀", "😀", "🙂"), ("no match", "z", "y"), ("--", "-", "--"),
    ])
    func replacesAsFoundationDoesLiterally(text: String, target: String, replacement: String) {
        let expected = text.replacingOccurrences(of: target, with: replacement, options: .literal)
        #expect(text.replacingEvery(target, with: replacement) == expected)
    }

    @Test func replacesInRandomTextsAsFoundationDoes() {
        var random = SeededRandom(seed: 2026)
        let pieces = ["a", "b", "<", "{x}", "é", "😀", " ", "-"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...24, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let target = (0..<Int.random(in: 1...2, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let expected = text.replacingOccurrences(of: target, with: "[]", options: .literal)
            #expect(text.replacingEvery(target, with: "[]") == expected, "\(text) / \(target)")
        }
    }

    @Test func anEmptyTargetLeavesTheTextAsItIs() {
        #expect("abc".replacingEvery("", with: "x") == "abc")
    }
}
