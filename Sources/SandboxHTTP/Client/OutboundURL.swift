import Foundation

/// The parts of an absolute `http://` URL the client needs: `http://host[:port][/path][?query]`.
struct OutboundURL: Equatable {
    /// The host without brackets (`::1` for `[::1]`).
    var host: String
    var port: Int
    /// Origin-form request target, at least `/`.
    var target: String
    /// The `Host` header value: host (bracketed when IPv6) plus a non-default port.
    var authority: String

    init(_ text: String) throws(OutboundError) {
        guard let schemeEnd = text.range(of: "://") else { throw .invalidURL(text) }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" else {
            if scheme.isEmpty || !scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) {
                throw .invalidURL(text)
            }
            throw .unsupportedScheme(scheme)
        }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if let fragment = target.firstIndex(of: "#") { target = String(target[..<fragment]) }
        if !target.hasPrefix("/") { target = "/" + target }
        guard !authority.contains("@"),
            !target.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 0x20 } ?? false })
        else { throw .invalidURL(text) }

        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL(text) }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL(text) }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { throw .invalidURL(text) }
        var port = 80
        if let portPart {
            guard let parsed = Int(portPart), (1...65535).contains(parsed) else { throw .invalidURL(text) }
            port = parsed
        }
        self.host = String(hostPart)
        self.port = port
        self.target = target
        let bracketed = host.contains(":") ? "[\(host)]" : host
        self.authority = port == 80 ? bracketed : "\(bracketed):\(port)"
    }
}
