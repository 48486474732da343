import SandboxHTTP
import SandboxSupport

/// The `Dintero-Signature` header on callbacks: HMAC-SHA256 over the timestamp, account and request URL.
///
/// Dintero signs `"<t>\n<account>\n<METHOD>\n<hostname>\n<pathname>\n<sorted query>"`; the body is not signed,
/// so POST callbacks sign the same way as GET ones (dintero-api-notes §3.2).
package enum CallbackSignature {
    /// The exact text that is signed, or nil when `url` is not an `http`/`https` URL this sandbox can read.
    /// - Parameters:
    ///   - timestamp: Unix seconds, the `t=` of the header.
    ///   - accountId: the Dintero account, e.g. `T12345678`.
    ///   - method: the callback's HTTP method; uppercased because Dintero signs it uppercase.
    ///   - url: the full callback URL, with the query parameters Dintero appended.
    package static func payload(timestamp: Int64, accountId: String, method: String, url: String) -> String? {
        guard let parsed = CallbackURL(url) else { return nil }
        return [
            String(timestamp), accountId, method.uppercased(), parsed.hostname, parsed.pathname,
            sortedQuery(parsed.queryItems),
        ].joined(separator: "\n")
    }

    /// The header value `t=<unix>,v0-hmac-sha256=<lowercase hex>`, or nil when `url` cannot be read.
    /// - Parameters:
    ///   - secret: the account's signature secret, used as UTF-8 bytes.
    ///   - timestamp: Unix seconds at signing.
    ///   - accountId: the Dintero account, e.g. `T12345678`.
    ///   - method: the callback's HTTP method.
    ///   - url: the full callback URL.
    package static func header(secret: String, timestamp: Int64, accountId: String, method: String, url: String)
        -> String?
    {
        guard let payload = payload(timestamp: timestamp, accountId: accountId, method: method, url: url) else {
            return nil
        }
        let mac = HMACSHA256.authenticationCode(key: Array(secret.utf8), message: Array(payload.utf8))
        return "t=\(timestamp),v0-hmac-sha256=\(mac.hexString)"
    }

    /// `URLSearchParams.sort()` then `toString()`: a stable sort on the names' UTF-16 code units,
    /// then `application/x-www-form-urlencoded` serialisation (space as `+`, `:` as `%3A`).
    static func sortedQuery(_ items: [(name: String, value: String)]) -> String {
        let sorted = items.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.name.utf16, rhs.element.name.utf16)
            if left.elementsEqual(right) { return lhs.offset < rhs.offset }
            return left.lexicographicallyPrecedes(right)
        }
        return FormEncoding.serialize(sorted.map(\.element))
    }
}
