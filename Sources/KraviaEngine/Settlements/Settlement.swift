import SandboxSupport

/// One payout to a merchant: one account, one currency, one settlement run (or one test report).
struct Settlement: Sendable, Codable {
    var id: String
    var accountId: String
    var currency: String
    /// The provider's own reference, e.g. `KRAVIA-20270122-0001`.
    var providerReference: String
    /// When it was paid out (the run's time).
    var settledAt: Timestamp
    /// The earliest and latest operations (captures, refunds) it pays out.
    var startAt: Timestamp
    var endAt: Timestamp
    var rows: [SettlementRow]
    var attachments: [SettlementAttachment]

    var capture: Int { rows.reduce(0) { $0 + $1.capture } }
    var refund: Int { rows.reduce(0) { $0 + $1.refund } }
    var fee: Int { rows.reduce(0) { $0 + $1.fee } }
    /// Dintero's `amount = capture − refund − fee`.
    var amount: Int { capture - refund - fee }
    /// `paid`, or `postponed` when refunds and fees exceed what was captured.
    var paymentStatus: String { amount >= 0 ? "paid" : "postponed" }
}

/// One transaction's line in a settlement report.
struct SettlementRow: Sendable, Codable {
    var transactionId: String
    var merchantReference: String
    var sessionId: String
    var paymentProductType: String
    var invoiceNumber: String?
    var capture: Int
    var refund: Int
    var fee: Int
    var currency: String
    var settledAt: Timestamp
    /// The transaction's events this line pays out.
    var eventIds: [String]

    var amount: Int { capture - refund - fee }
}

/// A report file of a settlement: CSV, JSON or PDF.
struct SettlementAttachment: Sendable, Codable {
    enum Format: String, Sendable, Codable, CaseIterable {
        case csv, json, pdf

        var contentType: String {
            switch self {
            case .csv: "text/csv; charset=utf-8"
            case .json: "application/json; charset=utf-8"
            case .pdf: "application/pdf"
            }
        }
    }

    var id: String
    var format: Format
    /// The attachment's path, e.g. `settlements/T12345678/<id>/report.csv`.
    var key: String
}

/// What an event's payout was: Dintero's `TransactionSettlementsEvent`.
struct EventSettlement: Sendable, Codable {
    var settlementId: String
    var providerReference: String
    var capture: Int
    var refund: Int
    var fee: Int
    /// The event it settles.
    var eventCorrelationId: String

    var amount: Int { capture - refund - fee }
}
