import SandboxSupport

extension Sandbox {
    static var reportConfigurationRoutes: [Route] {
        let base = "/v1/accounts/{account_id}/settlements/reports/configuration"
        return [
            Route("GET", base, auth: .bearer) { try $0.listReportConfigurations($1) },
            Route("POST", base, auth: .bearer) { try $0.createReportConfiguration($1) },
            Route("GET", base + "/{configuration_id}", auth: .bearer) { try $0.getReportConfiguration($1) },
            Route("PUT", base + "/{configuration_id}", auth: .bearer) { try $0.updateReportConfiguration($1) },
            Route("DELETE", base + "/{configuration_id}", auth: .bearer) { try $0.deleteReportConfiguration($1) },
        ]
    }

    /// `GET …/settlements/reports/configuration` → `{items, starting_after?}` with `limit` and `starting_after`.
    func listReportConfigurations(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try context.ownAccountId()
        let query = try ListQuery(context.request)
        let all = ledger.read { $0.books[accountId]?.reportConfigurations.all ?? [] }
        let start = query.startingAfter.flatMap { after in all.firstIndex { $0.id == after }.map { $0 + 1 } } ?? 0
        let page = Array(all.dropFirst(start).prefix(query.limit))
        var answer: JSONValue = ["items": .array(page.map(\.json))]
        if let last = page.last, start + page.count < all.count { answer["starting_after"] = .string(last.id) }
        return .json(answer)
    }

    /// `POST …/settlements/reports/configuration {filetypes, destinations, providers, filters?}`. Stored only:
    /// the sandbox e-mails no reports; they are downloaded as settlement attachments.
    func createReportConfiguration(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try context.ownAccountId()
        let settings = try Self.reportSettings(context)
        let configuration = ledger.transact { ledger -> ReportConfiguration in
            let configuration = ReportConfiguration(
                id: ids.uuid(), accountId: accountId, settings: settings, createdAt: context.now, updatedAt: context.now)
            ledger.books[accountId]?.reportConfigurations[configuration.id] = configuration
            return configuration
        }
        return .json(configuration.json)
    }

    /// `GET …/settlements/reports/configuration/{id}`.
    func getReportConfiguration(_ context: RequestContext) throws -> EndpointResult {
        .json(try ledger.read { try Self.reportConfiguration($0, context) }.json)
    }

    /// `PUT …/settlements/reports/configuration/{id}`: replaces its fields.
    func updateReportConfiguration(_ context: RequestContext) throws -> EndpointResult {
        let settings = try Self.reportSettings(context)
        let configuration = try ledger.transact { ledger throws -> ReportConfiguration in
            var configuration = try Self.reportConfiguration(ledger, context)
            configuration.settings = settings
            configuration.updatedAt = context.now
            ledger.books[configuration.accountId]?.reportConfigurations[configuration.id] = configuration
            return configuration
        }
        return .json(configuration.json)
    }

    /// `DELETE …/settlements/reports/configuration/{id}` → the deleted configuration.
    func deleteReportConfiguration(_ context: RequestContext) throws -> EndpointResult {
        let configuration = try ledger.transact { ledger throws -> ReportConfiguration in
            let configuration = try Self.reportConfiguration(ledger, context)
            ledger.books[configuration.accountId]?.reportConfigurations[configuration.id] = nil
            return configuration
        }
        return .json(configuration.json)
    }

    private static func reportSettings(_ context: RequestContext) throws -> JSONObject {
        let body = try context.jsonObject()
        var validation = Validation()
        let settings = ReportConfiguration.read(body, into: &validation)
        try validation.check()
        return settings
    }

    private static func reportConfiguration(_ ledger: Ledger, _ context: RequestContext) throws(APIError)
        -> ReportConfiguration
    {
        let accountId = try context.ownAccountId()
        let id = context.parameter("configuration_id")
        guard let configuration = ledger.books[accountId]?.reportConfigurations[id] else {
            throw .notFound("Settlement report configuration \(id) not found")
        }
        return configuration
    }
}
