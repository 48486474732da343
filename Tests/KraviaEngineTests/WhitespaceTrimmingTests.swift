import Foundation
import SandboxSupport
import Testing

struct WhitespaceTrimmingTests {
    /// The same characters Foundation trims as `.whitespaces`, whether or not the ends are plain ASCII.
    @Test(arguments: [
        "token", " token", "token\t", "\t to ken \t", "\u{00A0}token\u{2003}", "", "   ", "é", " é ", "x\u{3000}",
        "\u{1F600}", "a b",
    ])
    func trimsAsFoundationDoes(text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
    }
}
