import KraviaEngine
import SandboxSupport
import Testing

struct InvoiceScheduleTests {
    /// The seed's tables (kravia-overview.txt, "Invoice Dates"), dated 2027 where February 1st is a Monday.
    @Test(arguments: [
        ("2027-01-05", InvoiceInterval.monthly, "2027-02-01", "2027-02-15"),
        ("2027-01-20", .monthly, "2027-02-01", "2027-02-15"),
        ("2027-02-15", .monthly, "2027-03-01", "2027-03-15"),
        ("2027-01-15", .quarterly, "2027-04-01", "2027-04-15"),
        ("2027-02-20", .quarterly, "2027-04-01", "2027-04-15"),
        ("2027-04-10", .quarterly, "2027-07-01", "2027-07-15"),
    ])
    func seedTablesHoldExactly(purchase: String, interval: InvoiceInterval, issue: String, due: String) throws {
        let dates = InvoiceSchedule.grouped(
            purchase: try #require(CivilDate(purchase)), interval: interval, daysUntilDue: 14)
        #expect(dates.issue.description == issue)
        #expect(dates.due.description == due)
    }

    @Test func seedWeekdaysAreAsPrinted() {
        #expect(CivilDate(year: 2027, month: 2, day: 1).weekday == 1)
        #expect(CivilDate(year: 2027, month: 3, day: 1).weekday == 1)
    }

    /// A 1st on a weekend moves to the following Monday; purchases on the period's edges stay in it.
    @Test(arguments: [
        ("2026-01-15", InvoiceInterval.monthly, "2026-01-01", "2026-01-31", "2026-02-02", "2026-02-16"),
        ("2026-01-01", .monthly, "2026-01-01", "2026-01-31", "2026-02-02", "2026-02-16"),
        ("2026-01-31", .monthly, "2026-01-01", "2026-01-31", "2026-02-02", "2026-02-16"),
        ("2026-07-31", .monthly, "2026-07-01", "2026-07-31", "2026-08-03", "2026-08-17"),  // Aug 1 2026: Saturday
        ("2028-02-29", .monthly, "2028-02-01", "2028-02-29", "2028-03-01", "2028-03-15"),
        ("2026-12-24", .monthly, "2026-12-01", "2026-12-31", "2027-01-01", "2027-01-15"),
        ("2027-12-24", .monthly, "2027-12-01", "2027-12-31", "2028-01-03", "2028-01-17"),  // Jan 1 2028: Saturday
        ("2027-03-31", .quarterly, "2027-01-01", "2027-03-31", "2027-04-01", "2027-04-15"),
        ("2027-06-30", .quarterly, "2027-04-01", "2027-06-30", "2027-07-01", "2027-07-15"),
        ("2027-07-01", .quarterly, "2027-07-01", "2027-09-30", "2027-10-01", "2027-10-15"),
        ("2027-11-11", .quarterly, "2027-10-01", "2027-12-31", "2028-01-03", "2028-01-17"),
        ("2026-05-05", .quarterly, "2026-04-01", "2026-06-30", "2026-07-01", "2026-07-15"),
    ])
    func groupedPeriods(
        purchase: String, interval: InvoiceInterval, start: String, end: String, issue: String, due: String
    ) throws {
        let dates = InvoiceSchedule.grouped(
            purchase: try #require(CivilDate(purchase)), interval: interval, daysUntilDue: 14)
        #expect(
            [dates.periodStart, dates.periodEnd, dates.issue, dates.due].map(\.description) == [start, end, issue, due])
    }

    @Test(arguments: [
        ("2027-01-05", 14, "2027-01-19"),
        ("2027-01-30", 0, "2027-01-30"),  // a Saturday: standard invoices are not moved
        ("2027-12-20", 30, "2028-01-19"),
        ("2028-02-15", 365, "2029-02-14"),
    ])
    func standardIsIssuedOnThePurchaseDate(purchase: String, days: Int, due: String) throws {
        let date = try #require(CivilDate(purchase))
        let dates = InvoiceSchedule.standard(purchase: date, daysUntilDue: days)
        #expect(dates.issue == date)
        #expect(dates.due.description == due)
    }

    @Test func daysUntilDueIsCountedFromTheIssueDate() {
        let dates = InvoiceSchedule.grouped(
            purchase: CivilDate(year: 2026, month: 1, day: 9), interval: .monthly, daysUntilDue: 30)
        #expect(dates.issue.description == "2026-02-02")
        #expect(dates.due.description == "2026-03-04")
    }
}
