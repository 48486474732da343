import SandboxSupport

/// The one reader of `Authorization: Bearer <token>`, used by authentication, the admin gate and fault lookups
/// alike, so they can never disagree on what a header says.
enum BearerCredential {
    /// The token of a `Bearer` credential (scheme case-insensitive, RFC 9110 §11.1; surrounding whitespace
    /// trimmed), or nil for a missing header, another scheme or an empty token.
    static func token(in authorization: String?) -> String? {
        tokenValue(in: authorization).map(String.init)
    }

    /// `token(in:)` as a slice of the header itself, made without copying the token (hundreds of bytes) when it
    /// needs no trimming, as on every request of a client that sends it as issued.
    static func tokenValue(in authorization: String?) -> Substring? {
        guard let authorization else { return nil }
        let scheme = "bearer ".utf8
        guard authorization.utf8.starts(with: scheme, by: { $0 | 0x20 == $1 }) else { return nil }
        let token = Substring(authorization.utf8.dropFirst(scheme.count))
        guard let first = token.utf8.first, let last = token.utf8.last else { return nil }
        let printable: ClosedRange<UInt8> = 0x21...0x7F
        if printable.contains(first), printable.contains(last) { return token }
        let trimmed = String(token).trimmingWhitespace()
        return trimmed.isEmpty ? nil : Substring(trimmed)
    }
}
