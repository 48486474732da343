extension [UInt8] {
    /// A non-negative number in decimal ASCII, written straight into the bytes (a log line's status, a health
    /// document's counts) without making a string of it. Negative values are written as 0.
    package mutating func appendDecimal(_ value: Int) {
        if value >= 10 { appendDecimal(value / 10) }
        append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: Swift.max(0, value % 10)))
    }
}
