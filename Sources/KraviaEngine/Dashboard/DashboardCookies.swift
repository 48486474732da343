/// Reads `Cookie` request headers and writes the dashboard's `Set-Cookie` values (RFC 6265).
enum DashboardCookies {
    /// The value of cookie `name` in a `Cookie` header (`a=1; b=2`), or nil.
    static func value(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        // RFC 6265 §5.4 — pairs separated by "; "; a browser sends each name once per path, the first wins.
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].trimmingCharacters(in: " \t") == name else { continue }
            return String(parts[1].trimmingCharacters(in: " \t"))
        }
        return nil
    }

    /// A `Set-Cookie` value for the dashboard's paths: `HttpOnly` (no script reads it), `SameSite=Strict` (no other
    /// site's page sends it).
    static func setting(_ name: String, _ value: String) -> String {
        "\(name)=\(value); Path=\(DashboardAccess.prefix); HttpOnly; SameSite=Strict"
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}
