import Foundation
import SandboxHTTP
import SandboxSupport
import Synchronization

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
    /// Moves with every change to the tokens (written under their lock): a `Memo` made at another generation is
    /// stale.
    private let generation = Atomic<UInt64>(0)

    /// One connection's last authentication: the header it read, the account and expiry it found, and the store's
    /// generation then. A request sending the same header while nothing changed is answered from it, without a
    /// lookup (a keep-alive client sends the same token on every request).
    struct Memo {
        fileprivate var authorization: String?
        fileprivate var generation: UInt64 = 0
        fileprivate var accountId = ""
        fileprivate var expiresAt = Timestamp(milliseconds: 0)
    }

    /// Keeps `token` until it expires.
    func issue(_ token: AccessToken) {
        let now = SandboxClock.wallNow()
        tokens.withLock { tokens in
            generation.add(1, ordering: .releasing)
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
            generation.add(1, ordering: .releasing)
            for token in stored where now < token.expiresAt { tokens.byValue[TokenKey(token.value)] = token }
        }
    }

    /// The account a request acts for, from its `Authorization` header (401 when missing, unknown or expired).
    func authenticate(_ authorization: String?) throws(APIError) -> String {
        var memo = Memo()
        return try authenticate(authorization, memo: &memo)
    }

    /// `authenticate(_:)`, answered from `memo` when it read the same header and the tokens have not changed
    /// since; otherwise looked up, and a token found is remembered in `memo`.
    func authenticate(_ authorization: String?, memo: inout Memo) throws(APIError) -> String {
        if let authorization, memo.authorization == authorization,
            memo.generation == generation.load(ordering: .acquiring)
        {
            return try Self.unexpired(memo.accountId, until: memo.expiresAt)
        }
        guard let value = BearerCredential.tokenValue(in: authorization) else {
            throw .unauthorized("Missing Authorization: Bearer <access_token>")
        }
        let key = TokenKey(value)
        // Only what is needed leaves the lock (a copy of the whole token retained its value too).
        let (found, current) = tokens.withLock { tokens in
            let found = tokens.byValue[key].map { (accountId: $0.accountId, expiresAt: $0.expiresAt) }
            return (found, generation.load(ordering: .relaxed))
        }
        guard let found else { throw .unauthorized() }
        memo = Memo(
            authorization: authorization, generation: current, accountId: found.accountId, expiresAt: found.expiresAt)
        return try Self.unexpired(found.accountId, until: found.expiresAt)
    }

    private static func unexpired(_ accountId: String, until expiresAt: Timestamp) throws(APIError) -> String {
        guard SandboxClock.wallNow() < expiresAt else {
            throw .unauthorized("Access token expired at \(expiresAt.iso8601)")
        }
        return accountId
    }

    /// The account of a valid token in `authorization`, or nil.
    func account(for authorization: String?) -> String? {
        try? authenticate(authorization)
    }

    /// Expires every valid token (of `account` only, when given) now; returns how many.
    func expire(account: String?) -> Int {
        let now = SandboxClock.wallNow()
        return tokens.withLock { tokens in
            generation.add(1, ordering: .releasing)
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

/// A token's value as the store's key: equal when the bytes are. Hashed as one word, its last eight bytes with
/// its length mixed in: for a token the sandbox issued those are its signature's (random), so an authentication
/// hashes a word, not the whole token (hashing 16 bytes as bytes cost half a thousand instructions a request). A
/// slice of a request's header finds a token without copying it.
private struct TokenKey: Hashable {
    private let value: Substring
    /// The last eight bytes (fewer: all of them) as a word, the length mixed in.
    private let fingerprint: UInt64

    init(_ value: String) {
        self.init(Substring(value))
    }

    init(_ value: Substring) {
        self.value = value
        let fingerprint = value.utf8.withContiguousStorageIfAvailable(Self.fingerprint)
        self.fingerprint = fingerprint ?? Array(value.utf8).withUnsafeBufferPointer(Self.fingerprint)
    }

    private static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        for index in max(0, bytes.count - 8)..<bytes.count { word = word << 8 | UInt64(bytes[index]) }
        return word ^ UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
    }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
        guard lhs.fingerprint == rhs.fingerprint else { return false }
        // Compared in place (a native string's bytes are contiguous; `withUTF8` would copy each key first).
        let equal = lhs.value.utf8.withContiguousStorageIfAvailable { left in
            rhs.value.utf8.withContiguousStorageIfAvailable { right in
                left.count == right.count
                    && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
        return equal.flatMap { $0 } ?? (lhs.value == rhs.value)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }
}
