import SandboxHTTP

/// The parts of a callback URL that Dintero's signature covers, read the way WHATWG `URL` reads them.
///
/// Dintero's reference code signs `url.hostname`, `url.pathname` and the sorted `url.searchParams`, so this
/// follows the WHATWG URL Standard for those parts rather than RFC 3986 (Foundation's `URL`). It covers the
/// URLs merchants give as `callback_url`: special schemes (`http`, `https`) with an ASCII or IPv6 host.
package struct CallbackURL: Sendable {
    /// The host without port or credentials, lowercased; an IPv6 host in brackets, compressed as WHATWG does.
    package var hostname: String
    /// The path, percent-encoded as WHATWG does, dot segments resolved; `/` when empty.
    package var pathname: String
    /// The query parameters in order, form-decoded, repeated keys kept.
    package var queryItems: [(name: String, value: String)]

    /// Parses an absolute `http` or `https` URL.
    /// - Returns: nil when the URL has another scheme, no host, or a host this subset cannot canonicalise
    ///   (non-ASCII names would need IDNA, which a signature must not guess at).
    package init?(_ text: String) {
        // WHATWG §4.4 — leading and trailing C0 controls and spaces are stripped; tabs and newlines removed.
        var input = Substring(text.trimmingCharacters(lessThanOrEqualTo: " "))
        input.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let colon = input.firstIndex(of: ":") else { return nil }
        let scheme = input[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        // Special schemes treat `\` as `/` and ignore any number of slashes before the authority.
        var rest = Substring(input[input.index(after: colon)...].map { $0 == "\\" ? "/" : $0 })
        while rest.first == "/" { rest.removeFirst() }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard let hostname = Self.hostname(fromHostAndPort: authority) else { return nil }
        self.hostname = hostname
        self.pathname = Self.pathname(rest[slash...])
        self.queryItems = Self.queryItems(query ?? "")
    }

    private static func hostname(fromHostAndPort authority: Substring) -> String? {
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]"),
                let address = IPv6Address(authority[authority.index(after: authority.startIndex)..<close])
            else { return nil }
            return "[" + address.description + "]"
        }
        let host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        // Percent-encoded and non-ASCII hosts would need WHATWG's decoding and IDNA; no merchant sends them.
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        let forbidden = Set(" #%/:<>?@[\\]^|".utf8)
        guard !host.utf8.contains(where: forbidden.contains) else { return nil }
        return host.lowercased()
    }

    /// WHATWG §4.4 path state: `.` and `..` segments resolved, the path percent-encode set applied.
    private static func pathname(_ path: Substring) -> String {
        var segments: [String] = []
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            switch part.lowercased() {
            case ".", "%2e":
                if isLast { segments.append("") }
            case "..", ".%2e", "%2e.", "%2e%2e":
                if !segments.isEmpty { segments.removeLast() }
                if isLast { segments.append("") }
            default:
                segments.append(percentEncodePath(part))
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    private static func percentEncodePath(_ segment: Substring) -> String {
        let encodeSet = Set(" \"#<>?`{}".utf8)
        var out = ""
        for byte in segment.utf8 {
            if byte < 0x21 || byte > 0x7E || encodeSet.contains(byte) {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }

    /// `URLSearchParams` parsing: split on `&`, drop empty pieces, split at the first `=`, form-decode both.
    private static func queryItems(_ query: Substring) -> [(name: String, value: String)] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (FormEncoding.decode(parts[0]), parts.count > 1 ? FormEncoding.decode(parts[1]) : "")
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(lessThanOrEqualTo limit: Unicode.Scalar) -> Substring {
        let isTrimmed = { (c: Character) in c.unicodeScalars.allSatisfy { $0.value <= limit.value } }
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return self[first...last]
    }

    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
