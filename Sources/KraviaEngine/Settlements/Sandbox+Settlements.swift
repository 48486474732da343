import SandboxHTTP
import SandboxSupport

extension Sandbox {
    static var settlementRoutes: [Route] {
        let base = "/v1/accounts/{account_id}/settlements"
        return [
            Route("GET", base, auth: .bearer) { try $0.listSettlements($1) },
            Route("GET", base + "/{settlement_id}/attachments/{attachment_id}", auth: .bearer) {
                try $0.settlementAttachment($1)
            },
            Route("POST", base + "/reports/generate-test-report", auth: .bearer) { try $0.generateTestReport($1) },
        ]
    }

    /// `GET /v1/accounts/{aid}/settlements`: newest first, with the spec's filters and cursor
    /// (`starting_after_id` + `starting_after_date`) → `{items, last_evaluated_key}`.
    func listSettlements(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try context.ownAccountId()
        let query = try SettlementQuery(context)
        let all = ledger.read { $0.books[accountId]?.settlements.all ?? [] }
        let ordered = all.sorted { ($0.settledAt, $0.id) > ($1.settledAt, $1.id) }.filter(query.matches)
        var start = 0
        if let after = query.startingAfterId {
            start = (ordered.firstIndex { $0.id == after }).map { $0 + 1 } ?? ordered.count
        }
        let page = Array(ordered.dropFirst(start).prefix(query.limit))
        var answer: JSONValue = ["items": .array(page.map(\.json))]
        if let last = page.last, start + page.count < ordered.count {
            var key: JSONValue = [
                "id": .string(last.id), "account_id": .string(accountId), "settled_at": .string(last.settledAt.iso8601),
            ]
            if query.usesItemCreatedAt { key["created_at"] = .string(last.settledAt.iso8601) }
            answer["last_evaluated_key"] = key
        }
        return .json(answer)
    }

    /// `GET /v1/accounts/{aid}/settlements/{id}/attachments/{attachment_id}`: the report as CSV, JSON or PDF.
    func settlementAttachment(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try context.ownAccountId()
        let (settlementId, attachmentId) = (context.parameter("settlement_id"), context.parameter("attachment_id"))
        let found = ledger.read { ledger -> (Settlement, SettlementAttachment, String)? in
            guard let book = ledger.books[accountId], let settlement = book.settlements[settlementId],
                let attachment = settlement.attachments.first(where: { $0.id == attachmentId })
            else { return nil }
            return (settlement, attachment, book.account.settings.merchantName)
        }
        guard let (settlement, attachment, merchant) = found else {
            throw APIError.notFound("Attachment \(attachmentId) of settlement \(settlementId) not found")
        }
        let name = "settlement-\(settlement.providerReference).\(attachment.format.rawValue)"
        return .response(
            HTTPResponse(
                status: 200,
                headers: [
                    "Content-Type": attachment.format.contentType,
                    "Content-Disposition": "attachment; filename=\"\(name)\"",
                ],
                body: SettlementReport.render(settlement, as: attachment.format, merchantName: merchant)))
    }

    /// `POST /v1/accounts/{aid}/settlements/reports/generate-test-report` with `{transaction_ids}` or
    /// `{number_of_transactions?, date_range?}` (the last 7 days when neither): a settlement of what those
    /// transactions captured and refunded that is not settled yet; 201, or 200 when there is nothing new.
    func generateTestReport(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try context.ownAccountId()
        let body = try context.jsonObject()
        var validation = Validation()
        let given = validation.array(body, "transaction_ids", at: "", required: false)
        let count = validation.integer(body, "number_of_transactions", at: "", in: 1...100_000, required: false)
        var range: ClosedRange<CivilDate>?
        if let dates = validation.object(body, "date_range", at: "", required: false) {
            let start = validation.string(dates, "start_date", at: "date_range").flatMap(CivilDate.init)
            let end = validation.string(dates, "end_date", at: "date_range").flatMap(CivilDate.init)
            if dates["start_date"]?.stringValue != nil, start == nil {
                validation.fail("date_range.start_date", "expected a date like 2027-01-01")
            }
            if dates["end_date"]?.stringValue != nil, end == nil {
                validation.fail("date_range.end_date", "expected a date like 2027-01-07")
            }
            if let start, let end {
                if end < start { validation.fail("date_range", "start_date must be before end_date") } else { range = start...end }
            }
        }
        if let given, !given.isEmpty, count != nil || range != nil {
            validation.fail("transaction_ids", "is not combined with number_of_transactions or date_range")
        }
        var listed: [String: Int] = [:]
        for (index, id) in (given ?? []).enumerated() {
            guard let text = id.stringValue else {
                validation.fail("transaction_ids[\(index)]", "expected a transaction id, got \(id.typeName)")
                continue
            }
            // A transaction settles once in a report; a repeat made a row per mention (quadratic, too).
            if let first = listed[text] {
                validation.fail("transaction_ids[\(index)]", "repeats transaction_ids[\(first)]")
            } else {
                listed[text] = index
            }
        }
        try validation.check()
        let made = try ledger.transact { ledger throws -> [Settlement] in
            var ids = (given ?? []).compactMap(\.stringValue)
            for (index, id) in ids.enumerated() where ledger.books[accountId]?.transactions[id] == nil {
                throw APIError.invalid("transaction_ids[\(index)]", "no transaction \(id) in account \(accountId)")
            }
            if ids.isEmpty {
                let days = range ?? context.now.civilDate.adding(days: -7)...context.now.civilDate
                let candidates = (ledger.books[accountId]?.transactions.all ?? []).reversed()
                    .filter { days.contains($0.createdAt.civilDate) }
                ids = Array(candidates.prefix(count ?? Int.max).map(\.id))
            }
            return ledger.makeSettlements(of: ids, accountId: accountId, at: context.now)
        }
        guard !made.isEmpty else {
            return .json(["message": "No new transaction events to generate a settlement report for"])
        }
        return .json(
            [
                "message": .string("Settlement report created for \(made.flatMap(\.rows).count) transactions"),
                "settlement_ids": .array(made.map { .string($0.id) }),
            ], status: 201)
    }
}

/// The list's query: `limit` (1–1000, default 10), the cursor, `created_at.gte/.lte` or
/// `item_created_at.gte/.lte` (dates or date-times), `payment_provider` (repeatable), `payout_destination_id`,
/// `search` (the settlement's id or provider reference).
struct SettlementQuery {
    var limit = 10
    var startingAfterId: String?
    var from: Timestamp?
    var through: Timestamp?
    var usesItemCreatedAt = false
    var providers: [String] = []
    var payoutDestination: String?
    var search: String?

    init(_ context: RequestContext) throws(APIError) {
        var validation = Validation()
        let value = { (name: String) in context.query(name) }
        if let text = value("limit") {
            if let number = Int(text), (1...1000).contains(number) { limit = number } else {
                validation.fail("limit", "expected an integer from 1 to 1000, got \"\(text)\"")
            }
        }
        startingAfterId = value("starting_after_id")
        let startingAfterDate = value("starting_after_date")
        if (startingAfterId == nil) != (startingAfterDate == nil) {
            validation.fail(
                startingAfterId == nil ? "starting_after_id" : "starting_after_date",
                "starting_after_id and starting_after_date are used together")
        }
        let created = (value("created_at.gte"), value("created_at.lte"))
        let items = (value("item_created_at.gte"), value("item_created_at.lte"))
        if created.0 != nil || created.1 != nil, items.0 != nil || items.1 != nil {
            validation.fail("item_created_at.gte", "cannot be combined with created_at.gte or created_at.lte")
        }
        usesItemCreatedAt = items.0 != nil || items.1 != nil
        let prefix = usesItemCreatedAt ? "item_created_at" : "created_at"
        if let text = created.0 ?? items.0 { from = Self.instant(text, end: false, field: prefix + ".gte", &validation) }
        if let text = created.1 ?? items.1 { through = Self.instant(text, end: true, field: prefix + ".lte", &validation) }
        providers = context.request.queryItems.filter { $0.name == "payment_provider" }.map(\.value)
        payoutDestination = value("payout_destination_id")
        search = value("search")
        try validation.check()
    }

    /// A date (its start, or its end for `.lte`) or a date-time.
    private static func instant(_ text: String, end: Bool, field: String, _ validation: inout Validation) -> Timestamp? {
        if let date = CivilDate(text) {
            return end ? date.adding(days: 1).startOfDay.adding(milliseconds: -1) : date.startOfDay
        }
        if let instant = Timestamp(iso8601: text) { return instant }
        validation.fail(field, "expected a date like 2027-01-22 or a date-time, got \"\(text)\"")
        return nil
    }

    func matches(_ settlement: Settlement) -> Bool {
        if let from, settlement.settledAt < from { return false }
        if let through, settlement.settledAt > through { return false }
        if !providers.isEmpty, !providers.contains("kravia") { return false }
        if payoutDestination != nil { return false }
        if let search, !settlement.id.contains(search), !settlement.providerReference.contains(search) { return false }
        return true
    }
}
