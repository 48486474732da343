import Foundation
import KraviaEngine
import SandboxSupport
import Testing

struct TimestampTests {
    /// The log writer's bytes are `iso8601`'s, within `iso8601MaximumLength`, past the four-digit years too.
    @Test(arguments: [Int64(0), -1, 1_799_143_200_000, 253_402_300_800_000, -62_167_219_200_001])
    func writesTheSameBytesAsItsString(milliseconds: Int64) {
        let timestamp = Timestamp(milliseconds: milliseconds)
        let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Timestamp.iso8601MaximumLength) {
            String(decoding: $0[..<timestamp.writeISO8601(into: $0)], as: UTF8.self)
        }
        #expect(written == timestamp.iso8601)
    }

    /// Through one memo, a run of timestamps (the same second, the next, back, across midnight and 1970, past the
    /// four-digit years and back) each come out as their own `iso8601`.
    @Test func theSecondMemoWritesEachTimestampsOwnBytes() {
        let instants: [Int64] = [
            1_799_143_200_000, 1_799_143_200_007, 1_799_143_200_999, 1_799_143_201_000, 1_799_143_200_500,
            1_799_193_599_999, 1_799_193_600_000, 0, -1, -999, -1000, -1001, 5, 253_402_300_800_000,
            253_402_300_799_999, 1_799_143_200_042,
        ]
        var memo = ISO8601SecondMemo()
        for milliseconds in instants {
            let timestamp = Timestamp(milliseconds: milliseconds)
            let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Timestamp.iso8601MaximumLength) {
                String(decoding: $0[..<memo.write(timestamp, into: $0)], as: UTF8.self)
            }
            #expect(written == timestamp.iso8601, "\(milliseconds)")
        }
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (1_799_143_200_000, "2027-01-05T10:00:00.000Z"),
        (951_782_400_123, "2000-02-29T00:00:00.123Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatsUTCWithMilliseconds(milliseconds: Int64, expected: String) {
        let timestamp = Timestamp(milliseconds: milliseconds)
        #expect(timestamp.iso8601 == expected)
        #expect(Timestamp(iso8601: expected) == timestamp)
    }

    @Test(arguments: [
        ("2027-01-05T10:00:00Z", "2027-01-05T10:00:00.000Z"),
        ("2027-01-05T10:00:00.5Z", "2027-01-05T10:00:00.500Z"),
        ("2027-01-05T10:00:00.123456789Z", "2027-01-05T10:00:00.123Z"),
        ("2027-01-05T10:00:00.12Z", "2027-01-05T10:00:00.120Z"),
        ("2027-01-05T10:00:00+01:00", "2027-01-05T09:00:00.000Z"),
        ("2027-01-05T00:30:00+01:00", "2027-01-04T23:30:00.000Z"),
        ("2027-01-05T22:00:00-05:30", "2027-01-06T03:30:00.000Z"),
        ("2027-01-05T10:00:00+0100", "2027-01-05T09:00:00.000Z"),
        ("2027-01-05t10:00:00z", "2027-01-05T10:00:00.000Z"),
        ("2027-01-05", "2027-01-05T00:00:00.000Z"),
    ])
    func parsesISO8601Forms(text: String, expected: String) {
        #expect(Timestamp(iso8601: text)?.iso8601 == expected)
    }

    @Test(arguments: [
        "", "2027-01-05T10:00:00", "2027-01-05T10:00Z", "2027-01-05T24:00:00Z", "2027-01-05T10:60:00Z",
        "2027-01-05T10:00:60Z", "2027-01-05T10:00:00.Z", "2027-02-30T10:00:00Z", "2027-01-05T10:00:00+1:00",
        "2027-01-05T10:00:00Zjunk", "2027-01-05 10:00:00Z", "now",
    ])
    func rejectsMalformed(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func secondsAndDatesRoundDown() {
        let beforeEpoch = Timestamp(milliseconds: -1)
        #expect(beforeEpoch.unixSeconds == -1)
        #expect(beforeEpoch.civilDate.description == "1969-12-31")
        #expect(Timestamp(milliseconds: 1_582_236_537_999).unixSeconds == 1_582_236_537)
        #expect(Timestamp(unixSeconds: 1_582_236_537).milliseconds == 1_582_236_537_000)
        #expect(Timestamp(milliseconds: 1) > Timestamp(milliseconds: 0))
    }

    @Test func arithmeticStopsAtYearsZeroAndNineThousandNineHundredNinetyNine() {
        let now = Timestamp(milliseconds: 1_799_143_200_000)
        #expect(now.adding(milliseconds: .max) == .latest)
        #expect(now.adding(milliseconds: .min) == .earliest)
        #expect(Timestamp.latest.adding(milliseconds: 1) == .latest)
        #expect(Timestamp.earliest.adding(milliseconds: -1) == .earliest)
        #expect(now.adding(.seconds(Int64.max)) == .latest)
        #expect(now.adding(milliseconds: -1).adding(milliseconds: 1) == now)
    }

    @Test func codableAsISOString() throws {
        let data = try JSONEncoder().encode([Timestamp(milliseconds: 1_799_143_200_000)])
        #expect(String(decoding: data, as: UTF8.self) == #"["2027-01-05T10:00:00.000Z"]"#)
        #expect(
            try JSONDecoder().decode([Timestamp].self, from: Data(#"["2027-01-05T11:00:00+01:00"]"#.utf8))
                == [Timestamp(milliseconds: 1_799_143_200_000)])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Timestamp].self, from: Data(#"["soon"]"#.utf8))
        }
    }
}
