/// A shell-style wildcard pattern for journal path filters and scenario `match` rules.
///
/// `*` matches any run of characters including `/` (so `/v1/sessions*` covers every session path), `?` one
/// character, `[abc]` / `[a-z]` one character from a set (`[!…]` or `[^…]` negates), and `\` escapes the next
/// character. Matching is whole-string, on Swift `Character`s, and takes at most O(pattern × text) steps:
/// patterns come from config files and requests, so `a*a*a*a*b` must not backtrack exponentially.
package struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    package let pattern: String
    private let tokens: [Token]

    private enum Token: Sendable, Hashable {
        case literal(Character)
        case anyCharacter
        case anyRun
        case set(ranges: [ClosedRange<Character>], negated: Bool)

        package func matches(_ character: Character) -> Bool {
            switch self {
            case .literal(let expected): character == expected
            case .anyCharacter, .anyRun: true
            case .set(let ranges, let negated): ranges.contains { $0.contains(character) } != negated
            }
        }
    }

    /// Compiles `pattern`; every string is a valid pattern (an unclosed `[` is a literal bracket).
    package init(_ pattern: String) {
        self.pattern = pattern
        self.tokens = Self.tokenize(Array(pattern))
    }

    /// The pattern as written.
    package var description: String { pattern }

    /// Whether the whole of `text` matches the pattern.
    package func matches(_ text: String) -> Bool {
        let characters = Array(text)
        var t = 0
        var p = 0
        // The most recent `*` and the text position it is currently assumed to stop at. A later `*` makes
        // earlier ones irrelevant, so one resume point suffices and nothing backtracks further than that.
        var resume: (pattern: Int, text: Int)?
        while t < characters.count {
            if p < tokens.count, tokens[p] == .anyRun {
                resume = (p, t)
                p += 1
            } else if p < tokens.count, tokens[p].matches(characters[t]) {
                p += 1
                t += 1
            } else if let star = resume {
                resume = (star.pattern, star.text + 1)
                p = star.pattern + 1
                t = star.text + 1
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }

    private static func tokenize(_ pattern: [Character]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        // Once a `[` finds no `]` after it, no later one can: they are literals without looking again (looking
        // again made a run of `[` quadratic).
        var unclosed = false
        while index < pattern.count {
            let character = pattern[index]
            index += 1
            switch character {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?":
                tokens.append(.anyCharacter)
            case "\\" where index < pattern.count:
                tokens.append(.literal(pattern[index]))
                index += 1
            case "[":
                if !unclosed, let (set, next) = bracketSet(pattern, from: index) {
                    tokens.append(set)
                    index = next
                } else {
                    unclosed = true
                    tokens.append(.literal("["))
                }
            default:
                tokens.append(.literal(character))
            }
        }
        return tokens
    }

    /// Reads a set starting just after `[`; returns nil when there is no closing `]`.
    private static func bracketSet(_ pattern: [Character], from start: Int) -> (Token, Int)? {
        var index = start
        let negated = index < pattern.count && (pattern[index] == "!" || pattern[index] == "^")
        if negated { index += 1 }
        var ranges: [ClosedRange<Character>] = []
        // A `]` right after the opening bracket is a member, as in POSIX.
        var first = true
        while index < pattern.count, pattern[index] != "]" || first {
            first = false
            let low = pattern[index]
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                let high = pattern[index + 2]
                ranges.append(low <= high ? low...high : high...low)
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        guard index < pattern.count else { return nil }
        return (.set(ranges: ranges, negated: negated), index + 1)
    }
}
