import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// Settlements: daily runs in sandbox time, their reports, the list's filters and cursor, test reports.
@Suite struct SettlementTests {
    static func client(fee: SettlementConfiguration = SettlementConfiguration()) -> EngineClient {
        var configuration = SandboxConfiguration.testing()
        configuration.accounts = [
            AccountSettings(
                accountId: "T12345678", clientId: "sandbox", clientSecret: "sandbox-secret", settlement: fee),
            AccountSettings(accountId: "T87654321", clientId: "other", clientSecret: "other-secret"),
        ]
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        client.authenticate()
        return client
    }

    static let base = "/v1/accounts/T12345678/settlements"

    @Test func aPaidCheckoutIsSettledAtTheNextRunAndItsReportsAddUp() throws {
        let client = Self.client(fee: SettlementConfiguration(runHour: 6, feeFixed: 100, feeBasisPoints: 150))
        let paid = client.checkout(scenario: "happy-path")["transaction"] ?? .null
        let refunded = client.checkout(scenario: "happy-path", amount: 30000)["transaction"] ?? .null
        #expect(client.send("POST", "/v1/transactions/\(refunded.id)/refund", json: ["amount": 10000]).status == 200)
        #expect(client.send("GET", Self.base).body == ["items": []])
        client.clock(["advance": "P60D"])
        let items = client.send("GET", Self.base).body["items"]?.arrayValue ?? []
        #expect(items.count == 1)
        let settlement = try #require(items.first)
        // Both paid in full on 2027-01-19 at noon, paid out two days later, settled at the next 06:00 run.
        #expect(settlement["settled_at"] == "2027-01-22T06:00:00.000Z")
        #expect(settlement["provider"] == "kravia")
        #expect(settlement["payment_status"] == "paid")
        let fees = 100 + 50000 * 150 / 10_000 + 100 + 30000 * 150 / 10_000
        #expect(
            settlement["amounts"]
                == [
                    [
                        "amount": JSONValue(80000 - 10000 - fees), "capture": 80000, "refund": 10000,
                        "fee": JSONValue(fees), "currency": "NOK",
                    ]
                ])
        let attachments = settlement["attachments"]?.arrayValue ?? []
        #expect(attachments.compactMap { $0["extension"]?.stringValue } == ["csv", "json", "pdf"])
        let id = settlement["id"]?.stringValue ?? ""
        func attachment(_ format: String) -> (status: Int, body: JSONValue, response: HTTPResponse) {
            let attachmentId = attachments.first { $0["extension"] == .string(format) }?["id"]?.stringValue ?? ""
            return client.send("GET", "\(Self.base)/\(id)/attachments/\(attachmentId)")
        }
        let rows = attachment("json").body.arrayValue ?? []
        #expect(rows.map { $0["transaction_id"] } == [paid["id"], refunded["id"]])
        for field in ["capture", "refund", "fee", "amount"] {
            let total = rows.compactMap { $0[field]?.intValue }.reduce(0, +)
            #expect(JSONValue(total) == settlement["amounts"]?[0]?[field], "\(field)")
        }
        let csv = attachment("csv")
        #expect(csv.response.headers["Content-Type"] == "text/csv; charset=utf-8")
        let lines = String(decoding: csv.response.body, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("transaction_id,merchant_reference,session_id,payment_product_type,invoice_number"))
        #expect(lines.filter { !$0.isEmpty }.count == 3)
        let csvAmounts = lines.dropFirst().filter { !$0.isEmpty }.compactMap { Int($0.split(separator: ",")[8]) }
        #expect(JSONValue(csvAmounts.reduce(0, +)) == settlement["amounts"]?[0]?["amount"])
        let pdf = attachment("pdf").response
        #expect(pdf.headers["Content-Type"] == "application/pdf")
        #expect(pdf.body.starts(with: Array("%PDF-1.4".utf8)))

        let transaction = client.transaction(paid.id)
        #expect(transaction["settlement_status"] == "SETTLED")
        #expect(transaction["events"]?[0]?["settlements"]?["events"]?[0]?["settlement_id"] == .string(id))
        #expect(client.transaction(refunded.id)["events"]?[1]?["settlements"]?["events"]?[0]?["refund"] == 10000)

        var other = client
        other.authenticate(account: "T87654321", client: "other", secret: "other-secret")
        #expect(other.send("GET", Self.base).status == 404)
        let stolen = attachments.first?["id"]?.stringValue ?? ""
        #expect(other.send("GET", "\(Self.base)/\(id)/attachments/\(stolen)").status == 404)
        #expect(other.send("GET", "/v1/accounts/T87654321/settlements").body == ["items": []])
    }

    @Test func theListPagesNewestFirstAndFilters() throws {
        let client = Self.client()
        var made: [String] = []
        for _ in 0..<5 {
            _ = client.checkout(scenario: "unpaid")
            let answer = client.send("POST", Self.base + "/reports/generate-test-report", json: [:])
            #expect(answer.status == 201)
            made.append(answer.body["settlement_ids"]?[0]?.stringValue ?? "")
            client.clock(["advance": "P1D"])
        }
        #expect(client.send("POST", Self.base + "/reports/generate-test-report", json: [:]).status == 200)
        let first = client.send("GET", Self.base + "?limit=2").body
        #expect(first["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [made[4], made[3]])
        let key = try #require(first["last_evaluated_key"])
        let after =
            "starting_after_id=\(key["id"]?.stringValue ?? "")&starting_after_date=\(key["settled_at"]?.stringValue ?? "")"
        let second = client.send("GET", Self.base + "?limit=2&" + after).body
        #expect(second["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [made[2], made[1]])
        let last = client.send("GET", Self.base + "?limit=2&starting_after_id=\(made[1])&starting_after_date=x").body
        #expect(last["items"]?.arrayValue?.count == 1)
        #expect(last["last_evaluated_key"] == nil)
        let dated = client.send("GET", Self.base + "?created_at.gte=2027-01-06&created_at.lte=2027-01-07").body
        #expect(dated["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [made[2], made[1]])
        #expect(client.send("GET", Self.base + "?search=\(made[0].prefix(8))").body["items"]?.arrayValue?.count == 1)
        #expect(client.send("GET", Self.base + "?payment_provider=payex").body["items"] == [])
        for bad in [
            "limit=0", "limit=1001", "starting_after_id=x", "created_at.gte=soon",
            "created_at.gte=2027-01-01&item_created_at.lte=2027-02-01",
        ] {
            let answer = client.send("GET", Self.base + "?" + bad)
            #expect(answer.status == 400, "\(bad)")
        }
    }

    @Test func aTestReportSettlesWhatIsNotSettledYet() {
        let client = Self.client()
        let first = client.checkout(scenario: "unpaid")["transaction"]?.id ?? ""
        let second = client.checkout(scenario: "unpaid")["transaction"]?.id ?? ""
        let path = Self.base + "/reports/generate-test-report"
        let named = client.send("POST", path, json: ["transaction_ids": [.string(first)]])
        #expect(named.status == 201)
        #expect(client.transaction(first)["settlement_status"] == "SETTLED")
        #expect(client.transaction(second)["settlement_status"] == "NOT_SETTLED")
        #expect(client.send("POST", path, json: ["transaction_ids": [.string(first)]]).status == 200)
        #expect(client.send("POST", path, json: ["number_of_transactions": 5]).status == 201)
        #expect(client.transaction(second)["settlement_status"] == "SETTLED")
        let unknown = client.send("POST", path, json: ["transaction_ids": ["T12345678.nope"]])
        #expect(unknown.body["error"]?["errors"]?[0]?["field"] == "transaction_ids[0]")
        let repeated = client.send("POST", path, json: ["transaction_ids": [.string(second), "x", .string(second)]])
        #expect(repeated.status == 400)
        #expect(repeated.body["error"]?["errors"]?[0]?["field"] == "transaction_ids[2]")
        let mixed = client.send("POST", path, json: ["transaction_ids": [.string(first)], "number_of_transactions": 1])
        #expect(mixed.status == 400)
        #expect(client.send("GET", Self.base).body["items"]?.arrayValue?.count == 2)
    }

    @Test func reportConfigurationsAreStoredListedChangedAndDeleted() {
        let client = Self.client()
        let path = Self.base + "/reports/configuration"
        let body: JSONValue = [
            "filetypes": ["csv"], "providers": [],
            "destinations": [["destination_type": "email", "destination_value": "finance@shop.example"]],
        ]
        let created = client.send("POST", path, json: body)
        #expect(created.status == 200)
        let id = created.body["id"]?.stringValue ?? ""
        #expect(created.body["account_id"] == "T12345678")
        #expect(client.send("GET", path).body["items"]?.arrayValue?.count == 1)
        var changed = body
        changed["filetypes"] = ["csv", "json"]
        #expect(client.send("PUT", "\(path)/\(id)", json: changed).body["filetypes"] == ["csv", "json"])
        let bad = client.send("POST", path, json: ["filetypes": "csv", "destinations": [["destination_type": "fax"]]])
        #expect(
            Set(bad.body["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == [
                "filetypes", "providers", "destinations[0].destination_type",
            ])
        #expect(client.send("DELETE", "\(path)/\(id)").status == 200)
        #expect(client.send("GET", "\(path)/\(id)").status == 404)
    }
}
