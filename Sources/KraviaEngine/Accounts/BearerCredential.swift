import SandboxSupport

/// The one reader of `Authorization: Bearer <token>`, used by authentication, the admin gate and fault lookups
/// alike, so they can never disagree on what a header says.
enum BearerCredential {
    /// The token of a `Bearer` credential (scheme case-insensitive, RFC 9110 §11.1; surrounding whitespace
    /// trimmed), or nil for a missing header, another scheme or an empty token.
    static func token(in authorization: String?) -> String? {
        guard let authorization else { return nil }
        let scheme = "bearer ".utf8
        guard authorization.utf8.starts(with: scheme, by: { $0 | 0x20 == $1 }) else { return nil }
        let token = String(Substring(authorization.utf8.dropFirst(scheme.count))).trimmingWhitespace()
        return token.isEmpty ? nil : token
    }
}
