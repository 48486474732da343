extension Timestamp {
    /// Parses an RFC 3339 date-time, or a bare date meaning midnight UTC.
    ///
    /// Accepts `2027-01-05T10:00:00Z`, any number of fractional-second digits (truncated to milliseconds),
    /// `+01:00` / `-0530` offsets, a lowercase `t`/`z`, and `2027-01-05`. A date-time without a zone is
    /// rejected rather than guessed at.
    public init?(iso8601 text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"), let month = scanner.number(digits: 2),
            scanner.skip("-"), let day = scanner.number(digits: 2),
            CivilDate.isValid(year: year, month: month, day: day)
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        if scanner.isAtEnd {
            self = date.startOfDay
            return
        }
        guard scanner.skip("T") || scanner.skip("t"), let hour = scanner.number(digits: 2), hour < 24,
            scanner.skip(":"), let minute = scanner.number(digits: 2), minute < 60, scanner.skip(":"),
            let second = scanner.number(digits: 2), second < 60
        else { return nil }
        var millis = 0
        if scanner.skip(".") {
            let fraction = scanner.digitRun()
            guard !fraction.isEmpty else { return nil }
            for (index, digit) in fraction.prefix(3).enumerated() { millis += digit * [100, 10, 1][index] }
        }
        guard let offsetMinutes = scanner.zoneOffsetMinutes(), scanner.isAtEnd else { return nil }
        let local = (hour * 3600 + minute * 60 + second) * 1000 + millis
        self = date.startOfDay.adding(milliseconds: Int64(local - offsetMinutes * 60_000))
    }
}

/// A cursor over ASCII bytes for the fixed-width fields of ISO 8601.
private struct DigitScanner {
    package let bytes: [UInt8]
    package var position = 0

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    package var isAtEnd: Bool { position == bytes.count }

    package mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(character.value) else { return false }
        position += 1
        return true
    }

    /// Exactly `digits` decimal digits.
    package mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + digits] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        position += digits
        return value
    }

    /// Every decimal digit from here on, as values.
    package mutating func digitRun() -> [Int] {
        var run: [Int] = []
        while position < bytes.count, (48...57).contains(bytes[position]) {
            run.append(Int(bytes[position] - 48))
            position += 1
        }
        return run
    }

    /// `Z` is zero; `±HH:MM` or `±HHMM` east of UTC is positive.
    package mutating func zoneOffsetMinutes() -> Int? {
        if skip("Z") || skip("z") { return 0 }
        let sign: Int
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2), hours < 24 else { return nil }
        _ = skip(":")
        guard let minutes = number(digits: 2), minutes < 60 else { return nil }
        return sign * (hours * 60 + minutes)
    }
}
