import Foundation
import KraviaEngine
import SandboxSupport
import Testing

struct CivilDateTests {
    /// Day counts and ISO weekdays from Python's `datetime`.
    @Test(arguments: [
        ("1970-01-01", 0, 4),
        ("1969-12-31", -1, 3),
        ("2000-02-29", 11016, 2),
        ("2027-02-01", 20850, 1),
        ("2026-02-01", 20485, 7),
        ("1600-03-01", -135_080, 3),
        ("2400-12-31", 157_419, 7),
        ("0001-01-01", -719_162, 1),
    ])
    func knownDays(text: String, days: Int, weekday: Int) throws {
        let date = try #require(CivilDate(text))
        #expect(date.daysSinceEpoch == days)
        #expect(date.weekday == weekday)
        #expect(CivilDate(daysSinceEpoch: days) == date)
        #expect(date.description == text)
    }

    @Test func walkingDayByDayFollowsTheCalendar() {
        var date = CivilDate(year: 1899, month: 12, day: 31)
        for days in date.daysSinceEpoch..<CivilDate(year: 2101, month: 1, day: 1).daysSinceEpoch {
            #expect(CivilDate(daysSinceEpoch: days) == date)
            let next =
                date.day < CivilDate.daysIn(year: date.year, month: date.month)
                ? CivilDate(year: date.year, month: date.month, day: date.day + 1)
                : date.month < 12
                    ? CivilDate(year: date.year, month: date.month + 1, day: 1)
                    : CivilDate(year: date.year + 1, month: 1, day: 1)
            if date.adding(days: 1) != next { Issue.record("\(date) + 1 day gave \(date.adding(days: 1))") }
            date = next
        }
    }

    @Test(arguments: [
        "", "2027-1-05", "2027-13-01", "2027-00-10", "2027-02-29", "2027-04-31", "27-01-05", "2027-01-05T10:00:00Z",
        "2027/01/05", "2027-01-0x", "+027-01-05",
    ])
    func rejectsMalformedDates(text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test(arguments: [
        ("2027-01-31", 1, "2027-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2027-03-31", -1, "2027-02-28"),
        ("2027-12-15", 1, "2028-01-15"),
        ("2027-01-15", -13, "2025-12-15"),
        ("2027-05-31", 12, "2028-05-31"),
        ("2027-08-31", 3, "2027-11-30"),
    ])
    func addingMonthsClampsToMonthEnd(start: String, months: Int, expected: String) throws {
        #expect(try #require(CivilDate(start)).adding(months: months).description == expected)
    }

    @Test func startOfDayAndFirstOfMonth() throws {
        let date = try #require(CivilDate("2027-01-05"))
        #expect(date.firstOfMonth.description == "2027-01-01")
        #expect(date.startOfDay.iso8601 == "2027-01-05T00:00:00.000Z")
        #expect(date.days(until: CivilDate(year: 2027, month: 2, day: 1)) == 27)
        #expect(CivilDate(year: 2027, month: 1, day: 31) < CivilDate(year: 2027, month: 2, day: 1))
    }

    @Test func codableAsString() throws {
        let data = try JSONEncoder().encode(["due": CivilDate(year: 2027, month: 2, day: 15)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"due":"2027-02-15"}"#)
        #expect(try JSONDecoder().decode([String: CivilDate].self, from: data)["due"]?.day == 15)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["2027-02-30"]"#.utf8))
        }
    }
}
