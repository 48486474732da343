/// An ISO 8601 duration such as `P14D`, `PT10S` or `P1Y2M3DT4H5M6S`: the delays in scenario timelines.
///
/// Calendar parts (years, months) are kept apart from exact ones because a month has no fixed length;
/// `added(to:)` applies them on the UTC calendar. Only the seconds may have a fraction (kept to the
/// millisecond); negative durations are not accepted because a timeline never runs backwards.
public struct ISODuration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The `Y` component.
    public var years: Int
    /// The `M` component before `T`.
    public var months: Int
    /// The `W` component.
    public var weeks: Int
    /// The `D` component.
    public var days: Int
    /// The `H` component.
    public var hours: Int
    /// The `M` component after `T`.
    public var minutes: Int
    /// The `S` component in milliseconds (`PT0.5S` is 500).
    public var milliseconds: Int64

    /// Creates a duration from its components, all zero or positive.
    public init(
        years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0, hours: Int = 0, minutes: Int = 0,
        milliseconds: Int64 = 0
    ) {
        precondition([years, months, weeks, days, hours, minutes].allSatisfy { $0 >= 0 } && milliseconds >= 0)
        self.years = years
        self.months = months
        self.weeks = weeks
        self.days = days
        self.hours = hours
        self.minutes = minutes
        self.milliseconds = milliseconds
    }

    /// Parses `PnYnMnWnDTnHnMnS` with at least one component; nil for empty, negative or malformed text.
    public init?(_ string: String) {
        guard let parsed = ISODurationParser.parse(string) else { return nil }
        self = parsed
    }

    /// The instant this long after `timestamp`: years and months on the UTC calendar, clamped to the end of
    /// a shorter month, then weeks and days, then hours, minutes and seconds; `Timestamp.latest` when that
    /// lies past year 9999 (nine-digit components reach far beyond what milliseconds since 1970 can count).
    public func added(to timestamp: Timestamp) -> Timestamp {
        let timeOfDay = timestamp.millisecondOfDay
        let date = timestamp.civilDate.adding(months: years * 12 + months).adding(days: weeks * 7 + days)
        guard date.year <= Timestamp.latest.civilDate.year else { return .latest }
        let exact = (Int64(hours) * 60 + Int64(minutes)) * 60_000 + milliseconds
        return date.startOfDay.adding(milliseconds: timeOfDay).adding(milliseconds: exact)
    }

    /// The canonical text, e.g. `P1Y2M3DT4H5M6.5S`; a zero duration prints as `PT0S`.
    public var description: String {
        var text = "P"
        for (value, unit) in [(years, "Y"), (months, "M"), (weeks, "W"), (days, "D")] where value != 0 {
            text += "\(value)\(unit)"
        }
        var time = ""
        for (value, unit) in [(hours, "H"), (minutes, "M")] where value != 0 { time += "\(value)\(unit)" }
        if milliseconds != 0 {
            let fraction = milliseconds % 1000
            time += "\(milliseconds / 1000)"
            if fraction != 0 {
                var digits = CivilDate.padded(Int(fraction), 3)
                while digits.hasSuffix("0") { digits.removeLast() }
                time += "." + digits
            }
            time += "S"
        }
        if !time.isEmpty { text += "T" + time }
        return text == "P" ? "PT0S" : text
    }

    /// Decodes from the ISO 8601 text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let duration = ISODuration(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 duration like PT10S or P14D, got \(text)")
        }
        self = duration
    }

    /// Encodes as `description`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
