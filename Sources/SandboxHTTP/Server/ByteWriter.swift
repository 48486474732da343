/// Writes bytes one after another into memory the caller sized for them (measured first: a response head, a
/// log line), with no capacity or uniqueness check per part as appending to an array has; writing past its end
/// stops the process rather than the memory after it. The smallest writes are always inlined: a literal's two bytes
/// are then a store, where a `package` type's methods otherwise stayed calls (a response head has a dozen).
package struct ByteWriter {
    package let buffer: UnsafeMutableBufferPointer<UInt8>
    package private(set) var written = 0

    package init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    private var base: UnsafeMutablePointer<UInt8> { buffer.baseAddress! }

    @inline(__always) package mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(written + bytes.count <= buffer.count, "wrote past the measured size")
        UnsafeMutableRawPointer(base + written).copyMemory(from: source, byteCount: bytes.count)
        written += bytes.count
    }

    package mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// A string's UTF-8 bytes, copied whole (in place: a native string is contiguous UTF-8).
    package mutating func write(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { write(UnsafeRawBufferPointer($0)) }
        if copied == nil {
            var text = text
            text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
        }
    }

    /// A literal's bytes.
    @inline(__always) package mutating func writeLiteral(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// One byte.
    @inline(__always) package mutating func write(byte: UInt8) {
        precondition(written < buffer.count, "wrote past the measured size")
        base[written] = byte
        written += 1
    }

    /// A non-negative number in `digits` decimal digits (`decimalDigits(value)`), without making a string of it.
    package mutating func writeDecimal(_ value: Int, digits: Int) {
        precondition(written + digits <= buffer.count, "wrote past the measured size")
        var rest = value
        for position in stride(from: written + digits - 1, through: written, by: -1) {
            base[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        written += digits
    }

    /// Lets `body` write at most `maximum` bytes in place (a timestamp formatted where it goes); `body` returns
    /// how many it wrote.
    package mutating func write(atMost maximum: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        precondition(written + maximum <= buffer.count, "wrote past the measured size")
        let count = body(UnsafeMutableBufferPointer(rebasing: buffer[written..<(written + maximum)]))
        precondition(count <= maximum, "wrote past the measured size")
        written += count
    }

    /// How many decimal digits a non-negative number has.
    package static func decimalDigits(_ value: Int) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10 {
            digits += 1
            rest /= 10
        }
        return digits
    }
}
