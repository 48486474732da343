/// An instant as whole milliseconds since 1970-01-01T00:00:00Z: sandbox time, for every timed thing.
///
/// Formatted and parsed here rather than with `DateFormatter`, so output is byte-for-byte stable
/// (`2027-01-05T10:00:00.000Z`) whatever the machine's locale or time zone.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch, UTC; negative before 1970.
    public var milliseconds: Int64

    /// Creates the instant `milliseconds` after the Unix epoch.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Creates the instant `seconds` after the Unix epoch.
    public init(unixSeconds seconds: Int64) {
        self.milliseconds = seconds * 1000
    }

    /// Whole seconds since the epoch, rounded down (the `t=` of a callback signature).
    public var unixSeconds: Int64 { Self.floorDivide(milliseconds, 1000) }

    /// The UTC calendar date this instant falls on.
    public var civilDate: CivilDate { CivilDate(daysSinceEpoch: Int(Self.floorDivide(milliseconds, 86_400_000))) }

    /// Milliseconds since midnight UTC on `civilDate`.
    public var millisecondOfDay: Int64 { milliseconds - Self.floorDivide(milliseconds, 86_400_000) * 86_400_000 }

    /// The first instant of year 0000, the earliest `Timestamp(iso8601:)` reads.
    public static let earliest = Timestamp(milliseconds: -62_167_219_200_000)

    /// The last millisecond of year 9999, the latest `Timestamp(iso8601:)` reads and the latest sandbox time
    /// can reach: arithmetic stops here instead of overflowing (`P999999999Y` from now is not representable).
    public static let latest = Timestamp(milliseconds: 253_402_300_799_999)

    /// The instant `milliseconds` later (earlier when negative), held within `earliest...latest`.
    public func adding(milliseconds delta: Int64) -> Timestamp {
        let (sum, overflow) = milliseconds.addingReportingOverflow(delta)
        if overflow { return delta > 0 ? .latest : .earliest }
        return Timestamp(milliseconds: min(max(sum, Self.earliest.milliseconds), Self.latest.milliseconds))
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, e.g. `2027-01-05T10:00:00.000Z`.
    public var iso8601: String {
        let date = civilDate
        let time = millisecondOfDay
        // Years 0...9999 (all of them in practice) are written digit by digit into one buffer.
        if (0...9999).contains(date.year) {
            return String(unsafeUninitializedCapacity: Self.iso8601Length) { writeISO8601(date, time, into: $0) }
        }
        let hours = Int(time / 3_600_000)
        let minutes = Int(time / 60_000 % 60)
        let seconds = Int(time / 1000 % 60)
        let millis = Int(time % 1000)
        return civilDate.description + "T" + CivilDate.padded(hours, 2) + ":" + CivilDate.padded(minutes, 2) + ":"
            + CivilDate.padded(seconds, 2) + "." + CivilDate.padded(millis, 3) + "Z"
    }

    /// The length of `iso8601` for years 0...9999.
    package static let iso8601Length = 24

    /// The longest `iso8601` can be: a year of Int64 milliseconds has at most ten digits and a sign.
    package static let iso8601MaximumLength = 32

    /// Writes `iso8601`'s bytes into `text` (room for `iso8601MaximumLength`), without making a string (the log
    /// writer puts one on every line); returns how many it wrote.
    package func writeISO8601(into text: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let date = civilDate
        guard (0...9999).contains(date.year) else {
            let bytes = Array(iso8601.utf8)
            _ = text.update(fromContentsOf: bytes)
            return bytes.count
        }
        return writeISO8601(date, millisecondOfDay, into: text)
    }

    /// Writes `yyyy-MM-ddTHH:mm:ss.SSSZ` for a year in 0...9999; returns the count written (24).
    private func writeISO8601(_ date: CivilDate, _ time: Int64, into text: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var position = 0
        func put(_ value: Int, width: Int) {
            var value = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                text[position + offset] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            }
            position += width
        }
        func put(_ byte: UInt8) {
            text[position] = byte
            position += 1
        }
        put(date.year, width: 4)
        put(UInt8(ascii: "-"))
        put(date.month, width: 2)
        put(UInt8(ascii: "-"))
        put(date.day, width: 2)
        put(UInt8(ascii: "T"))
        put(Int(time / 3_600_000), width: 2)
        put(UInt8(ascii: ":"))
        put(Int(time / 60_000 % 60), width: 2)
        put(UInt8(ascii: ":"))
        put(Int(time / 1000 % 60), width: 2)
        put(UInt8(ascii: "."))
        put(Int(time % 1000), width: 3)
        put(UInt8(ascii: "Z"))
        return position
    }

    /// The ISO 8601 form, as `iso8601`.
    public var description: String { iso8601 }

    /// Orders instants chronologically.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    /// Decodes from an ISO 8601 string in any form `init?(iso8601:)` accepts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let timestamp = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 date-time like 2027-01-05T10:00:00Z, got \(text)"
            )
        }
        self = timestamp
    }

    /// Encodes as `iso8601`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    package static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
