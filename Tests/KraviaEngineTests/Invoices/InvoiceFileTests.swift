import Foundation
import KraviaEngine
import Testing

/// `GET /v1/files/{id}`: the invoice PDF as served, with the money so far, read back by a real PDF reader.
@Suite struct InvoiceFileTests {
    /// A transaction of the `unpaid` scenario, partly refunded and partly paid; its invoice number and file path.
    func refundedAndPaidInvoice(_ client: inout EngineClient) -> (number: String, path: String, transactionId: String) {
        client.authenticate()
        let transaction = client.complete(client.createSession(), scenario: "unpaid").body["transaction"]
        let id = transaction?["id"]?.stringValue ?? ""
        let number = transaction?["metadata"]?["kravia:invoice_number"]?.stringValue ?? ""
        let url = transaction?["metadata"]?["kravia:invoice_url"]?.stringValue ?? ""
        _ = client.send("POST", "/v1/transactions/\(id)/refund", json: ["amount": 10000])
        _ = client.pay(number, 15000)
        return (number, String(url.dropFirst("http://sandbox.test".count)), id)
    }

    @Test func servesAPDFWithoutAToken() {
        var client = EngineClient()
        let invoice = refundedAndPaidInvoice(&client)
        client.token = nil
        let file = client.send("GET", invoice.path)
        #expect(file.status == 200)
        #expect(file.response.headers["Content-Type"] == "application/pdf")
        #expect(file.response.body.starts(with: Data("%PDF-1.4".utf8)))
        #expect(file.response.body.suffix(6).contains(Data("%%EOF".utf8)))
        #expect(client.send("GET", "/v1/files/f-doesnotexist").status == 404)
    }

    @Test func anotherAccountsTokenGetsA404() {
        var client = EngineClient()
        let invoice = refundedAndPaidInvoice(&client)
        _ = client.send(
            "POST", "/__sandbox/accounts", json: ["account_id": "T87654321", "client_id": "o", "client_secret": "s"])
        client.authenticate(account: "T87654321", client: "o", secret: "s")
        #expect(client.send("GET", invoice.path).status == 404)
    }

    @Test(.enabled(if: PDFToText.executable != nil, "pdftotext (poppler-utils) is not installed"))
    func showsRefundedPaidAndDueAmounts() throws {
        var client = EngineClient()
        let invoice = refundedAndPaidInvoice(&client)
        let text = try PDFToText.extract(client.send("GET", invoice.path).response.body, name: "served")
        for expected in [
            invoice.number, "Nordmann AS", "Consulting services", "500,00 NOK", "100,00 NOK", "150,00 NOK",
            "250,00 NOK", "2027-01-19",
        ] {
            #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
    }
}
