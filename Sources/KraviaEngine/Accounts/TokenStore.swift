import SandboxHTTP

/// The access tokens issued so far: checked on every `/v1` call, kept by resets, forgotten once expired.
///
/// Its own lock, apart from the ledger's, so authenticating a request never waits for a checkout. A leaf lock:
/// nothing is called while holding it.
final class TokenStore: Sendable {
    private struct Tokens {
        var byValue: [String: AccessToken] = [:]
        var issuedSincePrune = 0
    }

    /// Expired tokens are swept out once this many were issued since the last sweep (so a long-running sandbox
    /// does not keep every token of every CI run), and kept until then so their error says "expired".
    static let pruneInterval = 1024

    private let tokens = Locked(Tokens())

    /// Keeps `token` until it expires.
    func issue(_ token: AccessToken) {
        let now = SandboxClock.wallNow()
        tokens.withLock { tokens in
            tokens.byValue[token.value] = token
            tokens.issuedSincePrune += 1
            guard tokens.issuedSincePrune >= Self.pruneInterval else { return }
            tokens.issuedSincePrune = 0
            tokens.byValue = tokens.byValue.filter { now < $0.value.expiresAt }
        }
    }

    /// Every token kept, for a durable sandbox's snapshot.
    var all: [AccessToken] {
        tokens.withLock { Array($0.byValue.values) }
    }

    /// Keeps stored tokens that have not expired (a restarted durable sandbox).
    func restore(_ stored: [AccessToken]) {
        let now = SandboxClock.wallNow()
        tokens.withLock { tokens in
            for token in stored where now < token.expiresAt { tokens.byValue[token.value] = token }
        }
    }

    /// The account a request acts for, from its `Authorization` header (401 when missing, unknown or expired).
    func authenticate(_ authorization: String?) throws(APIError) -> String {
        guard let value = BearerCredential.token(in: authorization) else {
            throw .unauthorized("Missing Authorization: Bearer <access_token>")
        }
        guard let token = tokens.withLock({ $0.byValue[value] }) else { throw .unauthorized() }
        guard SandboxClock.wallNow() < token.expiresAt else {
            throw .unauthorized("Access token expired at \(token.expiresAt.iso8601)")
        }
        return token.accountId
    }

    /// The account of a valid token in `authorization`, or nil.
    func account(for authorization: String?) -> String? {
        try? authenticate(authorization)
    }

    /// Expires every valid token (of `account` only, when given) now; returns how many.
    func expire(account: String?) -> Int {
        let now = SandboxClock.wallNow()
        return tokens.withLock { tokens in
            var expired = 0
            for (value, token) in tokens.byValue
            where now < token.expiresAt && (account == nil || token.accountId == account) {
                tokens.byValue[value]?.expiresAt = now
                expired += 1
            }
            return expired
        }
    }
}
