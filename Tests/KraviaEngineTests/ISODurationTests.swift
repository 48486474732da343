import Foundation
import KraviaEngine
import SandboxSupport
import Testing

struct ISODurationTests {
    @Test(arguments: [
        ("P1M", ISODuration(months: 1), "P1M"),
        ("P14D", ISODuration(days: 14), "P14D"),
        ("P2W", ISODuration(weeks: 2), "P2W"),
        ("PT10S", ISODuration(milliseconds: 10_000), "PT10S"),
        ("PT0.5S", ISODuration(milliseconds: 500), "PT0.5S"),
        ("PT0,25S", ISODuration(milliseconds: 250), "PT0.25S"),
        ("PT1.123456S", ISODuration(milliseconds: 1123), "PT1.123S"),
        (
            "P1Y2M3DT4H5M6S", ISODuration(years: 1, months: 2, days: 3, hours: 4, minutes: 5, milliseconds: 6000),
            "P1Y2M3DT4H5M6S"
        ),
        ("PT1H30M", ISODuration(hours: 1, minutes: 30), "PT1H30M"),
        ("PT0S", ISODuration(), "PT0S"),
        ("P0D", ISODuration(), "PT0S"),
    ])
    func parsesAndPrints(text: String, expected: ISODuration, canonical: String) {
        #expect(ISODuration(text) == expected)
        #expect(expected.description == canonical)
        #expect(ISODuration(canonical) == expected)
    }

    @Test(arguments: [
        "", "P", "PT", "P1DT", "-P1D", "P-1D", "P1", "1D", "PT1D", "P1H", "P1D1M", "PT1S1M", "P1M1M", "P1.5D",
        "PT1.5H", "PT.5S", "PT1.S", "P1DT1H ", " P1D", "p1d", "P1000000000D", "PTT1S", "P1D2",
    ])
    func rejectsMalformed(text: String) {
        #expect(ISODuration(text) == nil)
    }

    @Test(arguments: [
        ("2027-01-31T10:00:00.000Z", "P1M", "2027-02-28T10:00:00.000Z"),
        ("2028-01-31T10:00:00.000Z", "P1M", "2028-02-29T10:00:00.000Z"),
        ("2028-02-29T00:00:00.000Z", "P1Y", "2029-02-28T00:00:00.000Z"),
        ("2027-01-05T10:00:00.000Z", "P14D", "2027-01-19T10:00:00.000Z"),
        ("2027-01-05T10:00:00.000Z", "P2W", "2027-01-19T10:00:00.000Z"),
        ("2027-01-05T23:59:59.900Z", "PT0.5S", "2027-01-06T00:00:00.400Z"),
        ("2027-01-31T22:00:00.000Z", "P1M1DT3H", "2027-03-02T01:00:00.000Z"),
        ("2026-12-31T12:00:00.000Z", "P1Y2M3DT4H5M6S", "2028-03-03T16:05:06.000Z"),
        ("2027-01-05T10:00:00.000Z", "PT1H30M", "2027-01-05T11:30:00.000Z"),
    ])
    func addsCalendarThenExactParts(start: String, duration: String, expected: String) throws {
        let from = try #require(Timestamp(iso8601: start))
        #expect(try #require(ISODuration(duration)).added(to: from).iso8601 == expected)
    }

    /// Nine-digit components reach past what milliseconds since 1970 can count; the sum stops at year 9999's
    /// last millisecond instead of overflowing (which trapped: one clock call could end the process).
    @Test(arguments: ["P999999999Y", "P999999999M", "P999999999W", "P999999999D", "PT999999999H", "P10000Y"])
    func durationsPastYear9999EndAtTheLatestInstant(duration: String) throws {
        let from = try #require(Timestamp(iso8601: "2027-01-05T10:00:00Z"))
        #expect(try #require(ISODuration(duration)).added(to: from) == .latest)
    }

    @Test func theLatestInstantIsTheLastMillisecondOfYear9999() {
        #expect(Timestamp.latest.iso8601 == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.earliest.iso8601 == "0000-01-01T00:00:00.000Z")
        #expect(ISODuration(milliseconds: 1).added(to: Timestamp.latest.adding(milliseconds: -1)) == .latest)
    }

    @Test func codableAsString() throws {
        let data = try JSONEncoder().encode(["delay": ISODuration(hours: 1, minutes: 30)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"delay":"PT1H30M"}"#)
        #expect(try JSONDecoder().decode([ISODuration].self, from: Data(#"["P2W"]"#.utf8)) == [ISODuration(weeks: 2)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ISODuration].self, from: Data(#"["P"]"#.utf8)) }
    }
}
