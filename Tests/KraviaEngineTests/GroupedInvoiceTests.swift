import KraviaEngine
import SandboxSupport
import Testing

/// The seed's grouped-invoice tables, through the whole engine: purchases at sandbox dates, the CAPTURE event's
/// dates, and the invoice issued exactly when the clock passes the start of its issue date.
@Suite struct GroupedInvoiceTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var interval: String
        var purchase: String
        var issue: String
        var due: String
        var testDescription: String { "\(interval) \(purchase) → \(issue), due \(due)" }
    }

    static let rows: [Row] = [
        Row(interval: "monthly", purchase: "2027-01-05", issue: "2027-02-01", due: "2027-02-15"),
        Row(interval: "monthly", purchase: "2027-01-20", issue: "2027-02-01", due: "2027-02-15"),
        Row(interval: "monthly", purchase: "2027-02-15", issue: "2027-03-01", due: "2027-03-15"),
        Row(interval: "quarterly", purchase: "2027-01-15", issue: "2027-04-01", due: "2027-04-15"),
        Row(interval: "quarterly", purchase: "2027-02-20", issue: "2027-04-01", due: "2027-04-15"),
        Row(interval: "quarterly", purchase: "2027-04-10", issue: "2027-07-01", due: "2027-07-15"),
        // February 1st 2026 is a Sunday: issued Monday the 2nd.
        Row(interval: "monthly", purchase: "2026-01-15", issue: "2026-02-02", due: "2026-02-16"),
    ]

    static func groupedConfiguration(_ interval: String) -> JSONValue {
        [
            "kravia": [
                "type": "payment_type",
                "invoice_b2b_grouped": [
                    "type": "payment_product_type", "enabled": true, "days_until_due": 14,
                    "invoice_schedule": ["interval": .string(interval)],
                ],
            ]
        ]
    }

    /// Completes a grouped purchase at `instant` and returns the transaction.
    static func purchase(
        _ client: EngineClient, at instant: String, interval: String = "monthly", amount: Int = 50000,
        billing: JSONValue = Samples.businessAddress, scenario: String = "unpaid"
    ) -> JSONValue {
        client.clock(["set": .string(instant)])
        let fresh = client.fresh()
        let session = fresh.createSession(amount: amount, configuration: groupedConfiguration(interval))
        let result = fresh.complete(session, type: "kravia.invoice_b2b_grouped", billing: billing, scenario: scenario)
        #expect(result.status == 200, "\(result.body)")
        return result.body["transaction"] ?? .null
    }

    @Test(arguments: rows)
    func theSeedTablesHold(_ row: Row) {
        let client = EngineClient.withScenarios()
        let transaction = Self.purchase(client, at: row.purchase + "T10:00:00Z", interval: row.interval)
        let capture = transaction["events"]?.arrayValue?.first { $0["event"] == "CAPTURE" }
        #expect(capture?["metadata"]?["kravia:invoice_date"] == .string(row.issue))
        #expect(capture?["metadata"]?["kravia:invoice_due_date"] == .string(row.due))
        let number = transaction.invoiceNumber
        #expect(client.invoice(number)["issued"] == false)
        #expect(client.invoice(number)["status"] == "pending")
        let refused = client.pay(number, 100)
        #expect(refused.status == 409)
        #expect(refused.body["error"]?["code"] == "INVOICE_NOT_ISSUED")
        let issueStart = Timestamp(iso8601: row.issue + "T00:00:00Z")!
        client.clock(["set": .string(issueStart.adding(milliseconds: -1).iso8601)])
        #expect(client.invoice(number)["issued"] == false)
        let answer = client.clock(["advance": "PT0.001S"])
        #expect(answer["now"] == .string(issueStart.iso8601))
        #expect(client.invoice(number)["issued"] == true)
        #expect(client.pay(number, 100).status == 200)
    }

    @Test func oneCustomersPurchasesInAPeriodShareAnInvoiceUntilItIsIssued() {
        let client = EngineClient.withScenarios()
        let first = Self.purchase(client, at: "2027-01-05T10:00:00Z", amount: 10000)
        let second = Self.purchase(client, at: "2027-01-31T23:59:59Z", amount: 20000)
        var otherCustomer = Samples.businessAddress
        otherCustomer["organization_number"] = "987654321"
        let other = Self.purchase(client, at: "2027-01-20T10:00:00Z", billing: otherCustomer)
        #expect(first.invoiceNumber == second.invoiceNumber)
        #expect(other.invoiceNumber != first.invoiceNumber)
        let invoice = client.invoice(first.invoiceNumber)
        #expect(invoice["amount"] == 30000)
        #expect(invoice["transaction_ids"] == [.string(first.id), .string(second.id)])
        #expect(client.transaction(first.id)["metadata"]?["kravia:amount_due"] == 30000)
        // February's purchase starts the next invoice.
        let february = Self.purchase(client, at: "2027-02-01T10:00:00Z")
        #expect(february.invoiceNumber != first.invoiceNumber)
        #expect(client.invoice(first.invoiceNumber)["issued"] == true)
        // Paid in full, every purchase on it settles.
        #expect(client.pay(first.invoiceNumber, 30000).status == 200)
        client.clock(["advance": "P2D"])
        #expect(client.transaction(first.id)["status"] == "SETTLED")
        #expect(client.transaction(second.id)["status"] == "SETTLED")
        #expect(client.transaction(other.id)["status"] == "CAPTURED")
    }

    @Test func stepsCountedFromTheInvoiceDateKeepTheirSpacing() {
        let spaced = #"""
            {"name": "spaced", "description": "Two payments a week apart after issue.",
             "timeline": [{"after": "P1D", "from": "invoice_date", "action": "pay", "percent": 50},
                          {"after": "P8D", "from": "invoice_date", "action": "pay", "percent": 50}]}
            """#
        let client = EngineClient.withScenarios([spaced])
        let transaction = Self.purchase(client, at: "2027-01-05T10:00:00Z", scenario: "spaced")
        client.clock(["set": "2027-03-01T00:00:00Z"])
        let payments = client.invoice(transaction.invoiceNumber)["payments"]?.arrayValue ?? []
        #expect(payments.map { $0["paid_at"] } == ["2027-02-02T00:00:00.000Z", "2027-02-09T00:00:00.000Z"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
    }

    @Test func aScenarioPaymentWaitsForTheGroupedInvoiceToBeIssued() {
        let client = EngineClient.withScenarios()
        let transaction = Self.purchase(client, at: "2027-01-05T10:00:00Z", scenario: "multiple-payments")
        client.clock(["set": "2027-01-31T00:00:00Z"])
        #expect(client.invoice(transaction.invoiceNumber)["amount_paid"] == 0)
        client.clock(["set": "2027-02-01T00:00:00Z"])
        // All three instalments were due before the issue date; a step never runs before the one before it.
        let invoice = client.invoice(transaction.invoiceNumber)
        #expect(
            invoice["payments"]?.arrayValue?.map { $0["paid_at"] }
                == Array(repeating: "2027-02-01T00:00:00.000Z", count: 3))
        #expect(invoice["payments"]?.arrayValue?.map { $0["amount"] } == [25000, 15000, 10000])
        client.clock(["advance": "P2D"])
        #expect(client.transaction(transaction.id)["status"] == "SETTLED")
    }
}
