import SandboxHTTP

/// Log lines gathered for one `write(2)`, each written in place after the last into memory kept from write to write.
///
/// Appending each line to an array made it twice (in scratch memory, then copied in), and checked the array's
/// capacity and uniqueness each time: the append alone was 107 of the journal writer's ~1,570 instructions a GET
/// (callgrind).
struct LogLineBuffer {
    /// Zero-filled up to its capacity; the lines are the first `count` bytes.
    private var storage: [UInt8] = []
    /// How many bytes the lines take.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The bytes `storage` holds, lines or not.
    var capacity: Int { storage.count }

    /// Lets `body` write one line of at most `maximum` bytes after those held, growing the memory first if needed.
    mutating func write(atMost maximum: Int, _ body: (inout ByteWriter) -> Void) {
        if storage.count - count < maximum {
            storage.append(contentsOf: repeatElement(0, count: max(maximum, storage.count)))
        }
        let start = count
        count += storage.withUnsafeMutableBufferPointer { all in
            var writer = ByteWriter(UnsafeMutableBufferPointer(rebasing: all[start..<(start + maximum)]))
            body(&writer)
            return writer.written
        }
    }

    /// Appends `bytes` whole.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        write(atMost: bytes.count) { $0.write(bytes) }
    }

    /// The lines held.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    /// Forgets the lines held, and the memory too unless `keepingCapacity`.
    mutating func removeAll(keepingCapacity: Bool) {
        count = 0
        if !keepingCapacity { storage = [] }
    }
}
