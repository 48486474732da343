import Foundation
import Glibc
import SandboxHTTP

/// The last body skimmed for identifiers and what it held, and the last bearer token read for its account, for
/// one thread's use (the journal writer's).
///
/// Merchants poll the same transaction, and its cached JSON is the same bytes every time: comparing the bytes
/// (one `memcmp`) costs a fraction of skimming them again, and a body that changed in any byte is skimmed anew.
/// Their clients send one token for an hour, so its decoded `sub` is remembered the same way.
final class SkimMemo {
    /// What an inbound exchange was read from, and the ids read from it. A class: the memo is read once per
    /// entry written, and a struct of eleven parts was copied and destroyed each time.
    final class Inference {
        let path: String
        let address: ExchangeAddress
        let requestBody: RememberedBody
        let responseBody: RememberedBody
        /// The response's header list, held: a response sharing it has the same content type (`sharesList`).
        let responseHeaders: HTTPHeaders
        /// The ids read from them.
        let identifiers: ExchangeIdentifiers?
        /// The text log line last written for an exchange read this way (the journal writer's), when one was.
        var textLogLine: TextLogLine?

        init(
            path: String, address: ExchangeAddress, requestBody: Data, responseBody: Data,
            responseHeaders: HTTPHeaders, identifiers: ExchangeIdentifiers?
        ) {
            self.path = path
            self.address = address
            self.requestBody = RememberedBody(requestBody)
            self.responseBody = RememberedBody(responseBody)
            self.responseHeaders = responseHeaders
            self.identifiers = identifiers
        }
    }

    /// The last inference of each header list, for the next exchange read from the same parts (a polled
    /// transaction: the same path, token and cached body each time).
    private let inferences = HeaderListSlots<Inference>()

    /// Whether an exchange's inference is kept for the next one with its list: a poll's, with no request body and a
    /// response of at most `rememberedResponseLimit` bytes. Each kept inference holds its bodies, and an exchange
    /// with a body or a large answer (a checkout, a journal query) is seldom repeated as it was.
    static func isWorthRemembering(requestBody: Data, responseBody: Data) -> Bool {
        requestBody.isEmpty && responseBody.count <= rememberedResponseLimit
    }

    /// The largest response body an inference is kept with (a transaction's JSON is a few kilobytes).
    static let rememberedResponseLimit = 16 * 1024

    /// The inference last remembered for exchanges with `headers`' list.
    func inference(for headers: HTTPHeaders) -> Inference? {
        inferences.value(for: headers)
    }

    /// Remembers `inference` for exchanges with `headers`' list (a request found by it has the same fields, content
    /// type and token included).
    func remember(_ inference: Inference, for headers: HTTPHeaders) {
        inferences.remember(inference, for: headers)
    }

    /// Forgets every inference and the last body and token.
    func forget() {
        inferences.removeAll()
        body = []
        result = nil
        authorization = nil
        subject = nil
    }

    private var body: [UInt8] = []
    private var result: JSONIdentifierSkim?
    private var authorization: String?
    private var subject: String?

    /// What `JSONIdentifierSkim.skim` finds in `buffer`, remembered for the next identical body.
    func skim(_ buffer: UnsafeBufferPointer<UInt8>) -> JSONIdentifierSkim? {
        if let base = buffer.baseAddress, !buffer.isEmpty, buffer.count == body.count,
            body.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, buffer.count) == 0 })
        {
            return result
        }
        result = JSONIdentifierSkim.skim(buffer)
        body = Array(buffer)
        return result
    }

    /// `ExchangeRecord.tokenSubject(authorization)`, remembered for the next identical header.
    func tokenSubject(_ header: String) -> String? {
        if header != authorization {
            subject = ExchangeRecord.tokenSubject(header)
            authorization = header
        }
        return subject
    }
}

/// A body an inference was read from: a body that is the same `Data` value (a polled transaction's cached JSON, the
/// empty request body of a GET) is recognised by its bits, without reading either (reading a `Data`'s count and
/// address went through its representation and its exclusivity checks: 137 instructions a body, two a poll).
struct RememberedBody {
    /// Held, so its storage is not freed and reused while remembered.
    let data: Data

    init(_ data: Data) {
        self.data = data
    }

    /// Whether `other` holds the same bytes.
    func holdsTheBytes(of other: Data) -> Bool {
        Self.isSameValue(other, data) || other == data
    }

    /// Whether two `Data` values are one value bit for bit: the same bytes kept inline, or the same storage and range.
    /// Never true for different bytes: the storage is alive (this body holds it) and shared, so nothing changes it in
    /// place. Bits that differ for the same bytes (a copy, padding) only send the caller to the byte comparison.
    private static func isSameValue(_ first: Data, _ second: Data) -> Bool {
        guard MemoryLayout<Data>.size == MemoryLayout<(UInt64, UInt64)>.size else { return false }
        let (a, b) = (unsafeBitCast(first, to: (UInt64, UInt64).self), unsafeBitCast(second, to: (UInt64, UInt64).self))
        return a.0 == b.0 && a.1 == b.1
    }
}
