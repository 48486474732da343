/// `HTTP/1.1 200 OK\r\n` and the like for every status below 600 with a standard reason, made once into memory
/// the process keeps: every worker reads one per response, and the elements of an array of arrays were retained
/// and released on each read, one reference count written by all cores.
struct StatusLines: @unchecked Sendable {
    static let shared = StatusLines()

    /// All the lines, back to back.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// For each status, where its line starts in `bytes` and how long it is; length 0 when it has no reason.
    private let spans: UnsafeBufferPointer<(start: Int32, count: Int32)>

    private init() {
        let lines = (0..<600).map { status in
            let reason = HTTPStatus.reasonPhrase(for: status)
            return reason == "Unknown" ? [] : Array("HTTP/1.1 \(status) \(reason)\r\n".utf8)
        }
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: lines.reduce(0) { $0 + $1.count })
        let spans = UnsafeMutableBufferPointer<(start: Int32, count: Int32)>.allocate(capacity: lines.count)
        var start = 0
        for (status, line) in lines.enumerated() {
            _ = UnsafeMutableBufferPointer(rebasing: bytes[start..<start + line.count]).initialize(from: line)
            spans.initializeElement(at: status, to: (Int32(start), Int32(line.count)))
            start += line.count
        }
        self.bytes = UnsafeBufferPointer(bytes)
        self.spans = UnsafeBufferPointer(spans)
    }

    /// The status line of `status`, nil when it has no standard reason or lies outside 0..<600.
    subscript(status: Int) -> UnsafeBufferPointer<UInt8>? {
        guard spans.indices.contains(status), spans[status].count > 0 else { return nil }
        let (start, count) = spans[status]
        return UnsafeBufferPointer(rebasing: bytes[Int(start)..<Int(start + count)])
    }
}
