/// Bounds on what a client may send, checked while parsing so an oversized request costs nothing more.
///
/// The defaults fit a payments sandbox: Dintero payloads are a few KiB, so a megabyte is generous.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line in bytes, terminator excluded; longer is answered `414`. Default 8 KiB.
    public var maxRequestLineLength: Int
    /// Largest header section (every field line with its terminator, plus the empty line) in bytes;
    /// larger is answered `431`. Default 32 KiB. Also bounds a chunked body's trailer section.
    public var maxHeaderSectionSize: Int
    /// Most header fields in one request; more is answered `431`. Default 100.
    public var maxHeaderFields: Int
    /// Largest request body in bytes after de-chunking; larger is answered `413` before it is read. Default 1 MiB.
    public var maxBodySize: Int
    /// Longest chunk-size line (size plus chunk extensions) in bytes; longer is answered `400`. Default 4 KiB.
    public var maxChunkLineLength: Int

    /// Creates limits; every parameter defaults to the documented value.
    public init(
        maxRequestLineLength: Int = 8 * 1024,
        maxHeaderSectionSize: Int = 32 * 1024,
        maxHeaderFields: Int = 100,
        maxBodySize: Int = 1024 * 1024,
        maxChunkLineLength: Int = 4 * 1024
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderSectionSize = maxHeaderSectionSize
        self.maxHeaderFields = maxHeaderFields
        self.maxBodySize = maxBodySize
        self.maxChunkLineLength = maxChunkLineLength
    }
}
