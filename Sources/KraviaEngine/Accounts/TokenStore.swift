import Foundation
import SandboxHTTP

/// The access tokens issued so far: checked on every `/v1` call, kept by resets, forgotten once expired.
///
/// Its own lock, apart from the ledger's, so authenticating a request never waits for a checkout. A leaf lock:
/// nothing is called while holding it.
final class TokenStore: Sendable {
    private struct Tokens {
        var byValue: [TokenKey: AccessToken] = [:]
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
            tokens.byValue[TokenKey(token.value)] = token
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
            for token in stored where now < token.expiresAt { tokens.byValue[TokenKey(token.value)] = token }
        }
    }

    /// The account a request acts for, from its `Authorization` header (401 when missing, unknown or expired).
    func authenticate(_ authorization: String?) throws(APIError) -> String {
        guard let value = BearerCredential.tokenValue(in: authorization) else {
            throw .unauthorized("Missing Authorization: Bearer <access_token>")
        }
        let key = TokenKey(value)
        guard let token = tokens.withLock({ $0.byValue[key] }) else { throw .unauthorized() }
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

/// A token's value as the store's key: equal when the bytes are; hashed over its last 16 bytes only, which for a
/// token the sandbox issued are its signature's (random), so an authentication hashes 16 bytes and not the whole
/// token. A slice of a request's header finds a token without copying it.
private struct TokenKey: Hashable {
    private var value: Substring

    init(_ value: String) {
        self.value = Substring(value)
    }

    init(_ value: Substring) {
        self.value = value
    }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
        var left = lhs.value
        var right = rhs.value
        return left.withUTF8 { left in
            right.withUTF8 { right in
                left.count == right.count
                    && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        var value = value
        value.withUTF8 { bytes in
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(16))))
        }
    }
}
