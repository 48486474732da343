/// Reads ISO 8601 duration text into an `ISODuration`, designator by designator, in the standard's order.
package enum ISODurationParser {
    private enum Field: CaseIterable {
        case years, months, weeks, days, hours, minutes, seconds
    }

    package static func parse(_ text: String) -> ISODuration? {
        var bytes = Array(text.utf8)[...]
        guard bytes.popFirst() == UInt8(ascii: "P"), !bytes.isEmpty else { return nil }
        var duration = ISODuration()
        var lastField: Field?
        var inTime = false
        var sawComponent = false
        while !bytes.isEmpty {
            if bytes.first == UInt8(ascii: "T") {
                // `T` once, and it must be followed by at least one time component.
                guard !inTime, bytes.count > 1 else { return nil }
                inTime = true
                bytes.removeFirst()
                continue
            }
            let whole = bytes.prefix { (48...57).contains($0) }
            guard !whole.isEmpty, whole.count <= 9 else { return nil }
            bytes.removeFirst(whole.count)
            var fraction: ArraySlice<UInt8> = []
            if let separator = bytes.first, separator == UInt8(ascii: ".") || separator == UInt8(ascii: ",") {
                bytes.removeFirst()
                fraction = bytes.prefix { (48...57).contains($0) }
                guard !fraction.isEmpty else { return nil }
                bytes.removeFirst(fraction.count)
            }
            guard let designator = bytes.popFirst(), let field = field(designator, inTime: inTime),
                lastField.map({ Field.allCases.firstIndex(of: $0)! < Field.allCases.firstIndex(of: field)! }) ?? true
            else { return nil }
            // Only seconds may carry a fraction: nothing in the sandbox needs half an hour written as PT0.5H.
            guard fraction.isEmpty || field == .seconds else { return nil }
            let value = whole.reduce(0) { $0 * 10 + Int($1 - 48) }
            switch field {
            case .years: duration.years = value
            case .months: duration.months = value
            case .weeks: duration.weeks = value
            case .days: duration.days = value
            case .hours: duration.hours = value
            case .minutes: duration.minutes = value
            case .seconds:
                let millis = fraction.prefix(3).enumerated().reduce(0) {
                    $0 + Int($1.element - 48) * [100, 10, 1][$1.offset]
                }
                duration.milliseconds = Int64(value) * 1000 + Int64(millis)
            }
            lastField = field
            sawComponent = true
        }
        return sawComponent ? duration : nil
    }

    private static func field(_ designator: UInt8, inTime: Bool) -> Field? {
        switch (designator, inTime) {
        case (UInt8(ascii: "Y"), false): .years
        case (UInt8(ascii: "M"), false): .months
        case (UInt8(ascii: "W"), false): .weeks
        case (UInt8(ascii: "D"), false): .days
        case (UInt8(ascii: "H"), true): .hours
        case (UInt8(ascii: "M"), true): .minutes
        case (UInt8(ascii: "S"), true): .seconds
        default: nil
        }
    }
}
