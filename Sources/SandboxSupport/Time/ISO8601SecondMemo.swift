/// Writes timestamps as `Timestamp.writeISO8601` does, remembering the bytes up to the second of the last one
/// (`yyyy-MM-ddTHH:mm:ss.`): the log writer's lines mostly fall within the same second, and then only their
/// milliseconds are written, without working out the calendar date and time of day again.
package struct ISO8601SecondMemo {
    private var second = Int64.min
    /// The remembered `yyyy-MM-ddTHH:mm:ss.` (20 bytes) as three words, stored with three moves where an array's
    /// copy retained and released it and went through a generic copy.
    private var prefix: (UInt64, UInt64, UInt32) = (0, 0, 0)

    package init() {}

    /// Writes `timestamp`'s ISO 8601 bytes into `text` (room for `Timestamp.iso8601MaximumLength`); returns how
    /// many it wrote.
    package mutating func write(_ timestamp: Timestamp, into text: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let second = timestamp.unixSeconds
        if second != self.second {
            let written = timestamp.writeISO8601(into: text)
            // Only the common form (years 0...9999) is remembered.
            guard written == Timestamp.iso8601Length else { return written }
            let start = UnsafeRawPointer(text.baseAddress!)
            prefix = (
                start.loadUnaligned(as: UInt64.self), start.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                start.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            )
            self.second = second
            return written
        }
        let start = UnsafeMutableRawPointer(text.baseAddress!)
        start.storeBytes(of: prefix.0, as: UInt64.self)
        start.storeBytes(of: prefix.1, toByteOffset: 8, as: UInt64.self)
        start.storeBytes(of: prefix.2, toByteOffset: 16, as: UInt32.self)
        let millisecond = Int(timestamp.milliseconds - second * 1000)
        text[20] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: millisecond / 100)
        text[21] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: millisecond / 10 % 10)
        text[22] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: millisecond % 10)
        text[23] = UInt8(ascii: "Z")
        return Timestamp.iso8601Length
    }
}
