import Foundation
import SandboxHTTP
import SandboxSupport

extension ExchangeRecord {
    /// Fills the session, transaction, merchant reference and account an exchange concerns, where still unknown,
    /// once: the journal calls this when an entry is first filtered, listed or written, not on the request path.
    ///
    /// Looks, in order, at the path (`/v1/sessions/{id}`, `/v1/transactions/{id}`, ...), the URL's query (list
    /// filters and callback parameters), the response body, then the request body, and last derives the account
    /// from an id's `T12345678.` prefix or the bearer token's `sub`. Bodies are only parsed when they say they
    /// are JSON and are small enough for that to stay cheap.
    /// - Parameter memo: the caller's memo of the last body skimmed, when it has one.
    /// - Returns: the memo's inference the ids came from, or the one remembered from this exchange; nil when the
    ///   memo was not used. The writer keeps the exchange's log line with it.
    @discardableResult
    mutating func inferIdentifiers(memo: SkimMemo? = nil) -> SkimMemo.Inference? {
        guard !identifiersInferred else { return nil }
        identifiersInferred = true
        guard identifiers?.isComplete != true else { return nil }
        // The health document, polled by every harness, names nothing, and without a token nobody asked.
        if Self.isHealthPath(path), requestHeaders["Authorization"] == nil { return nil }
        // An exchange that names no id of its own, read from the same parts as the memo's last one (whose bodies
        // were skimmed: what is worth remembering), holds its ids.
        guard let memo, identifiers == nil else {
            var draft = ExchangeIdentifiers.Draft(identifiers)
            _ = inferFromParts(into: &draft, memo: memo)
            identifiers = draft.identifiers
            return nil
        }
        if let last = memo.inference(for: requestHeaders), readsLike(last) {
            identifiers = last.identifiers
            return last
        }
        var draft = ExchangeIdentifiers.Draft(nil)
        let skimmed = inferFromParts(into: &draft, memo: memo)
        identifiers = draft.identifiers
        guard skimmed, SkimMemo.isWorthRemembering(requestBody: requestBody, responseBody: responseBody) else {
            return nil
        }
        let inference = self.inference
        memo.remember(inference, for: requestHeaders)
        return inference
    }

    /// Infers the ids from the path, the query, the bodies and the token.
    /// - Returns: whether a body was skimmed (an inference worth remembering).
    private func inferFromParts(into ids: inout ExchangeIdentifiers.Draft, memo: SkimMemo?) -> Bool {
        var skimmed = false
        // Only these paths name an id (`inferFromPath`); the rest (health, polled by every harness) skip the split.
        if path.hasPrefix("/v1/") || path.hasPrefix("/__sandbox/sessions/") { inferFromPath(into: &ids) }
        // Searched as bytes: a Character search of the URL cost more than the rest of the inference.
        let query = address.query.map { FormEncoding.parse($0) } ?? []
        for (name, value) in query where !value.isEmpty {
            switch name {
            case "session_id", "sid": ids.sessionId = ids.sessionId ?? value
            case "transaction_id": ids.transactionId = ids.transactionId ?? value
            case "merchant_reference": ids.merchantReference = ids.merchantReference ?? value
            case "account" where path.hasPrefix("/__sandbox/"): ids.accountId = ids.accountId ?? value
            default: break
            }
        }
        // The health document, polled by every harness, names no session, transaction or reference.
        if ids.needsMore, !Self.isHealthPath(path),
            let skim = Self.skim(responseBody, contentType: responseHeaders["Content-Type"], memo: memo)
        {
            infer(from: skim, into: &ids)
            skimmed = true
        }
        if ids.needsMore,
            let skim = Self.skim(requestBody, contentType: requestHeaders["Content-Type"], memo: memo)
        {
            infer(from: skim, into: &ids)
            skimmed = true
        }
        if ids.accountId == nil {
            ids.accountId =
                Self.accountPrefix(of: ids.sessionId) ?? Self.accountPrefix(of: ids.transactionId)
                ?? requestHeaders["Authorization"].flatMap { header in
                    memo.map { $0.tokenSubject(header) } ?? Self.tokenSubject(header)
                }
        }
        return skimmed
    }

    /// The parts inference reads, and what it read from them.
    private var inference: SkimMemo.Inference {
        SkimMemo.Inference(
            path: path, address: address, requestBody: requestBody, responseBody: responseBody,
            responseHeaders: responseHeaders, identifiers: identifiers)
    }

    /// Whether inference would read the same parts here as it read for `last`, the inference remembered for this
    /// exchange's own header list (`SkimMemo.inference(for:)`): its content type and token are the same already.
    private func readsLike(_ last: SkimMemo.Inference) -> Bool {
        // The path first: the cheapest test, and the one that tells a poll apart from anything else.
        path == last.path && address == last.address && last.requestBody.holdsTheBytes(of: requestBody)
            && last.responseBody.holdsTheBytes(of: responseBody)
            && (responseHeaders.sharesList(with: last.responseHeaders)
                || responseHeaders["Content-Type"] == last.responseHeaders["Content-Type"])
    }

    /// Whether `path` is the health document's; its length first (comparing a polled transaction's path with the
    /// literal took 88 instructions an entry).
    static func isHealthPath(_ path: String) -> Bool {
        path.utf8.count == 17 && path == "/__sandbox/health"
    }

    private func inferFromPath(into ids: inout ExchangeIdentifiers.Draft) {
        // The router's splitter: one pass over the bytes, segments percent-decoded.
        let segments = PathSegment.segments(of: path)
        func segment(after first: String, _ second: String) -> String? {
            guard segments.count > 2, segments[0].string == first, segments[1].string == second else { return nil }
            let value = segments[2].string
            return value == "pay" && first == "v1" && second == "sessions" ? nil : value
        }
        if let id = segment(after: "v1", "accounts") { ids.accountId = ids.accountId ?? id }
        if let id = segment(after: "v1", "sessions") ?? segment(after: "v1", "view")
            ?? segment(after: "__sandbox", "sessions")
        {
            ids.sessionId = ids.sessionId ?? id
        }
        if let id = segment(after: "v1", "transactions") { ids.transactionId = ids.transactionId ?? id }
    }

    /// Reads ids from a body: its own keys, then those of an embedded `transaction` or `session`.
    private func infer(from skim: JSONIdentifierSkim, into ids: inout ExchangeIdentifiers.Draft) {
        let isTransactionPath = path.hasPrefix("/v1/transactions")
        let isSessionPath = path.hasPrefix("/v1/sessions") && !path.hasSuffix("/pay")
        Self.infer(from: skim.top, into: &ids, idIsTransaction: isTransactionPath, idIsSession: isSessionPath)
        if let transaction = skim.transaction {
            Self.infer(from: transaction, into: &ids, idIsTransaction: true, idIsSession: false)
        }
        if let session = skim.session {
            Self.infer(from: session, into: &ids, idIsTransaction: false, idIsSession: true)
        }
    }

    private static func infer(
        from fields: JSONIdentifierSkim.Fields, into ids: inout ExchangeIdentifiers.Draft, idIsTransaction: Bool,
        idIsSession: Bool
    ) {
        if let id = fields.id {
            if idIsTransaction { ids.transactionId = ids.transactionId ?? id }
            if idIsSession { ids.sessionId = ids.sessionId ?? id }
        }
        if let id = fields.sessionId { ids.sessionId = ids.sessionId ?? id }
        if let id = fields.transactionId { ids.transactionId = ids.transactionId ?? id }
        if let reference = fields.merchantReference ?? fields.orderMerchantReference {
            ids.merchantReference = ids.merchantReference ?? reference
        }
    }

    /// Whether a Content-Type names JSON (`application/json`, `…+json`), compared as bytes for speed.
    static func isJSON(_ contentType: String) -> Bool {
        var text = contentType
        return text.withUTF8 { bytes in
            let folded = { (index: Int) in bytes[index] | 0x20 }
            for start in stride(from: 0, to: min(bytes.count, 128) - 3, by: 1)
            where folded(start) == UInt8(ascii: "j") && folded(start + 1) == UInt8(ascii: "s")
                && folded(start + 2) == UInt8(ascii: "o") && folded(start + 3) == UInt8(ascii: "n")
            {
                return true
            }
            return false
        }
    }

    /// Bodies above this are not scanned for ids: recording must stay cheap whatever a client sends.
    static let identifierScanLimit = 256 * 1024

    private static func skim(_ body: Data, contentType: String?, memo: SkimMemo?) -> JSONIdentifierSkim? {
        guard !body.isEmpty, body.count <= identifierScanLimit, let contentType,
            Self.isJSON(contentType)
        else { return nil }
        return body.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return memo.map { $0.skim(bytes) } ?? JSONIdentifierSkim.skim(bytes)
        }
    }

    /// `T12345678` from `T12345678.9xCq…`: Dintero ids start with the account.
    static func accountPrefix(of id: String?) -> String? {
        guard let id, let dot = id.utf8.firstIndex(of: UInt8(ascii: ".")),
            AccountSettings.isValidAccountId(String(id[..<dot]))
        else { return nil }
        return String(id[..<dot])
    }

    /// The `sub` of a sandbox-issued bearer JWT, which is its account; nil for anything else.
    static func tokenSubject(_ authorization: String?) -> String? {
        guard let token = BearerCredential.token(in: authorization) else { return nil }
        let parts = Array(token.utf8).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count < 2048, let payload = Base64URL.decode(parts[1]),
            let json = try? JSONParser.parse(payload),
            let subject = json["sub"]?.stringValue, AccountSettings.isValidAccountId(subject)
        else { return nil }
        return subject
    }
}
