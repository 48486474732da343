import SandboxSupport

extension Sandbox {
    static var profileRoutes: [Route] {
        [
            Route("GET", "/v1/admin/session/profiles", auth: .bearer) { try $0.listProfiles($1) },
            Route("POST", "/v1/admin/session/profiles", auth: .bearer) { try $0.createProfile($1) },
            Route("GET", "/v1/admin/session/profiles/{profile_id}", auth: .bearer) { try $0.getProfile($1) },
            Route("PUT", "/v1/admin/session/profiles/{profile_id}", auth: .bearer) { try $0.updateProfile($1) },
        ]
    }

    /// `GET /v1/admin/session/profiles`: every profile of the account (`default` and `--config`'s included), by
    /// id, as a JSON array like Dintero's other lists.
    func listProfiles(_ context: RequestContext) throws -> EndpointResult {
        let profiles = ledger.read { $0.books[context.accountId]?.account.profiles.values.sorted { $0.id < $1.id } }
        return .json(.array((profiles ?? []).map(\.json)))
    }

    /// `GET /v1/admin/session/profiles/{id}`.
    func getProfile(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("profile_id")
        guard let profile = ledger.read({ $0.books[context.accountId]?.account.profiles[id] }) else {
            throw APIError.notFound("Payment profile \(id) not found")
        }
        return .json(profile.json)
    }

    /// `POST /v1/admin/session/profiles {profile_id, description?, configuration}`; 409 when the id is taken.
    func createProfile(_ context: RequestContext) throws -> EndpointResult {
        let (id, description, configuration) = try Self.profileBody(context, pathId: nil)
        let profile = try ledger.transact { ledger throws -> PaymentProfile in
            guard ledger.books[context.accountId]?.account.profiles[id] == nil else {
                throw APIError.conflict(
                    "Payment profile \(id) exists; change it with PUT /v1/admin/session/profiles/\(id)",
                    code: "PROFILE_EXISTS")
            }
            let profile = PaymentProfile(
                id: id, description: description ?? "", configuration: configuration, createdAt: context.now,
                updatedAt: context.now)
            ledger.books[context.accountId]?.account.profiles[id] = profile
            return profile
        }
        return .json(profile.json)
    }

    /// `PUT /v1/admin/session/profiles/{id} {profile_id?, description?, configuration}`: replaces the profile;
    /// sessions created from it before keep the configuration they were created with.
    func updateProfile(_ context: RequestContext) throws -> EndpointResult {
        let pathId = context.parameter("profile_id")
        let (_, description, configuration) = try Self.profileBody(context, pathId: pathId)
        let profile = try ledger.transact { ledger throws -> PaymentProfile in
            guard var profile = ledger.books[context.accountId]?.account.profiles[pathId] else {
                throw APIError.notFound("Payment profile \(pathId) not found")
            }
            if let description { profile.description = description }
            profile.configuration = configuration
            profile.updatedAt = context.now
            ledger.books[context.accountId]?.account.profiles[pathId] = profile
            return profile
        }
        return .json(profile.json)
    }

    /// A profile body, every problem a 400 naming its field; `pathId`, when given, must match `profile_id`.
    private static func profileBody(_ context: RequestContext, pathId: String?) throws -> (
        String, String?, JSONValue
    ) {
        let body = try context.jsonObject()
        var validation = Validation()
        let id = validation.string(body, "profile_id", at: "", required: pathId == nil)
        if let id, id.isEmpty || id.count > 100 || id.contains("/") {
            validation.fail("profile_id", "expected 1 to 100 characters without \"/\", got \"\(id)\"")
        }
        if let pathId, let id, id != pathId {
            validation.fail("profile_id", "\"\(id)\" does not match the profile in the path, \"\(pathId)\"")
        }
        let description = validation.string(body, "description", at: "", required: false)
        PaymentProfile.validate(body["configuration"], at: "configuration", into: &validation)
        try validation.check()
        return (id ?? pathId ?? "", description, body["configuration"] ?? .object([:]))
    }
}
