import SandboxSupport

/// The billing cycle of grouped invoices (`invoice_schedule.interval`).
package enum InvoiceInterval: String, Sendable, Codable, CaseIterable {
    /// One invoice per calendar month.
    case monthly
    /// One invoice per calendar quarter: Q1 January–March, Q2 April–June, Q3 July–September, Q4 October–December.
    case quarterly

    /// The number of months in one billing period.
    package var months: Int {
        switch self {
        case .monthly: 1
        case .quarterly: 3
        }
    }
}

/// Kravia's invoice issue and due dates (seed "Invoice Dates"; SPEC §4.6).
package enum InvoiceSchedule {
    /// A standard (B2B or B2C) invoice: issued on the purchase date, due `daysUntilDue` days later.
    /// - Parameters:
    ///   - purchase: the transaction date, in UTC.
    ///   - daysUntilDue: the configured `days_until_due` (0–365, default 14).
    /// - Returns: the issue and due dates.
    package static func standard(purchase: CivilDate, daysUntilDue: Int) -> (issue: CivilDate, due: CivilDate) {
        (purchase, purchase.adding(days: daysUntilDue))
    }

    /// A grouped invoice: the purchase joins the invoice of its month or quarter, issued on the first business
    /// day after that period and due `daysUntilDue` days after issue.
    /// - Parameters:
    ///   - purchase: the transaction date, in UTC.
    ///   - interval: monthly or quarterly billing.
    ///   - daysUntilDue: the configured `days_until_due`.
    /// - Returns: the period's first and last day, and the invoice's issue and due dates.
    package static func grouped(purchase: CivilDate, interval: InvoiceInterval, daysUntilDue: Int)
        -> (periodStart: CivilDate, periodEnd: CivilDate, issue: CivilDate, due: CivilDate)
    {
        let periodStartMonth = (purchase.month - 1) / interval.months * interval.months + 1
        let periodStart = CivilDate(year: purchase.year, month: periodStartMonth, day: 1)
        let nextPeriod = periodStart.adding(months: interval.months)
        let issue = firstBusinessDay(onOrAfter: nextPeriod)
        return (periodStart, nextPeriod.adding(days: -1), issue, issue.adding(days: daysUntilDue))
    }

    /// `date` itself on a weekday, else the following Monday. The seed knows no holiday calendar, so neither
    /// does the sandbox: a 1st that is a public holiday is still a business day here.
    package static func firstBusinessDay(onOrAfter date: CivilDate) -> CivilDate {
        switch date.weekday {
        case 6: date.adding(days: 2)
        case 7: date.adding(days: 1)
        default: date
        }
    }
}
