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
        guard var authorization else { return nil }
        // Looked at as bytes in place (a header is native UTF-8): the scheme, and whether the token needs trimming.
        let plain: Bool? = authorization.withUTF8 { bytes in
            let scheme = Self.scheme
            guard bytes.count > scheme.utf8CodeUnitCount else { return nil }
            for index in 0..<scheme.utf8CodeUnitCount where bytes[index] | 0x20 != scheme.utf8Start[index] {
                return nil
            }
            let printable: ClosedRange<UInt8> = 0x21...0x7F
            return printable.contains(bytes[scheme.utf8CodeUnitCount]) && printable.contains(bytes[bytes.count - 1])
        }
        guard let plain else { return nil }
        let utf8 = authorization.utf8
        let token = Substring(utf8[utf8.index(utf8.startIndex, offsetBy: Self.scheme.utf8CodeUnitCount)...])
        if plain { return token }
        let trimmed = String(token).trimmingWhitespace()
        return trimmed.isEmpty ? nil : Substring(trimmed)
    }

    /// The scheme and the space after it, lowercase.
    private static let scheme: StaticString = "bearer "
}
