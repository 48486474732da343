import SandboxSupport

/// A bearer token issued by the token endpoint.
///
/// Valid for `expires_in` seconds of **wall** time, whatever the sandbox clock does: clients cache tokens by
/// wall time, and a test that advances the clock by 60 days must not find its token gone. (The JWT's `iat` and
/// `exp` stay on the sandbox clock, so seeded payloads stay byte-identical.)
struct AccessToken: Sendable, Codable {
    var value: String
    var accountId: String
    /// Wall time after which the token is refused.
    var expiresAt: Timestamp
}
