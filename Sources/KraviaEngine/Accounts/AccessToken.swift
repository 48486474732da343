/// A bearer token issued by the token endpoint, valid until `expiresAt` in sandbox time.
struct AccessToken: Sendable {
    var value: String
    var accountId: String
    var expiresAt: Timestamp
}
