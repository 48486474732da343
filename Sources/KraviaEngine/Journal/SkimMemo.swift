import Glibc

/// The last body skimmed for identifiers and what it held, for one thread's use (the journal writer's).
///
/// Merchants poll the same transaction, and its cached JSON is the same bytes every time: comparing the bytes
/// (one `memcmp`) costs a fraction of skimming them again, and a body that changed in any byte is skimmed anew.
final class SkimMemo {
    private var body: [UInt8] = []
    private var result: JSONIdentifierSkim?

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
}
