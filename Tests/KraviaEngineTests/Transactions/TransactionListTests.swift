import KraviaEngine
import SandboxSupport
import Testing

@Suite struct TransactionListTests {
    @Test func listsNewestFirstWithFiltersAndPaging() {
        var client = EngineClient()
        client.authenticate()
        var ids: [String] = []
        for index in 0..<5 {
            let session = client.createSession(reference: "order-\(index)")
            let type = index.isMultiple(of: 2) ? "kravia.invoice_b2b" : "kravia.invoice_b2b_grouped"
            ids.append(client.complete(session, type: type).body["transaction"]?["id"]?.stringValue ?? "")
        }
        let all = client.send("GET", "/v1/transactions").body.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(all == ids.reversed())
        let page = client.send("GET", "/v1/transactions?limit=2&starting_after=\(ids[4])").body.arrayValue
        #expect(page?.compactMap { $0["id"]?.stringValue } == [ids[3], ids[2]])
        let byReference = client.send("GET", "/v1/transactions?merchant_reference=order-3").body.arrayValue
        #expect(byReference?.count == 1)
        let grouped = client.send("GET", "/v1/transactions?payment_product_type=kravia.invoice_b2b_grouped").body
            .arrayValue
        #expect(grouped?.count == 2)
        _ = client.send("POST", "/v1/transactions/\(ids[0])/refund", json: ["amount": 50000])
        let refunded = client.send("GET", "/v1/transactions?status=REFUNDED").body.arrayValue
        #expect(refunded?.compactMap { $0["id"]?.stringValue } == [ids[0]])
        #expect(client.send("GET", "/v1/transactions?limit=0").status == 400)
        #expect(client.send("GET", "/v1/transactions?created_at.gte=yesterday").status == 400)
        let sessions = client.send("GET", "/v1/sessions?limit=3").body.arrayValue
        #expect(sessions?.count == 3)
    }

    @Test func groupedPurchasesOfOneCustomerShareAnInvoice() {
        var client = EngineClient()
        client.authenticate()
        let first = client.complete(client.createSession(), type: "kravia.invoice_b2b_grouped").body["transaction"]
        let second = client.complete(client.createSession(), type: "kravia.invoice_b2b_grouped").body["transaction"]
        var other = Samples.businessAddress
        other["customer_reference"] = "dept-2"
        let third = client.complete(client.createSession(), type: "kravia.invoice_b2b_grouped", billing: other).body[
            "transaction"]
        let number = { (transaction: JSONValue?) in transaction?["metadata"]?["kravia:invoice_number"] }
        #expect(number(first) == number(second))
        #expect(number(first) != number(third))
        let capture = first?["events"]?.arrayValue?.first { $0["event"] == "CAPTURE" }
        #expect(capture?["metadata"]?["kravia:invoice_date"] == "2027-02-01")
        #expect(capture?["metadata"]?["kravia:invoice_due_date"] == "2027-02-15")
    }
}
