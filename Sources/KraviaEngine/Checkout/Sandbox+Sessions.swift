import Foundation
import SandboxSupport

extension Sandbox {
    static var sessionRoutes: [Route] {
        [
            Route("POST", "/v1/sessions-profile", auth: .bearer) { try $0.createSession($1, fromProfile: true) },
            Route("POST", "/v1/sessions", auth: .bearer) { try $0.createSession($1, fromProfile: false) },
            Route("GET", "/v1/sessions", auth: .bearer) { try $0.listSessions($1) },
            Route("GET", "/v1/sessions/{session_id}", auth: .bearer) { try $0.getSession($1) },
            Route("PUT", "/v1/sessions/{session_id}", auth: .bearer) { try $0.updateSession($1) },
            Route("POST", "/v1/sessions/{session_id}/cancel", auth: .bearer) { try $0.cancelSession($1) },
        ]
    }

    /// `POST /v1/sessions-profile` and `POST /v1/sessions`: validates and stores a new session, answers `{id, url}`.
    func createSession(_ context: RequestContext, fromProfile: Bool) throws -> EndpointResult {
        let accountId = context.accountId
        let body = try context.jsonObject()
        let profiles = ledger.read { $0.books[accountId]?.account.profiles.mapValues(\.configuration) ?? [:] }
        var validation = Validation()
        let draft = SessionDraft.read(
            body, profiles: fromProfile ? profiles : nil, strictAmounts: Self.strictAmounts(context),
            into: &validation)
        try validation.check()
        let session = ledger.transact { ledger in
            ledger.createSession(accountId: accountId, context: context) { id in
                draft.makeSession(id: id, accountId: accountId, baseURL: context.baseURL, now: context.now)
            }
        }
        var response: JSONValue = [
            "id": .string(session.id), "url": .string(context.baseURL + "/v1/view/" + session.id),
        ]
        if context.query("include_session") == "true" { response["session"] = session.json }
        return .json(response)
    }

    /// `GET /v1/sessions/{id}`.
    func getSession(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("session_id")
        return .json(try ledger.read { try $0.ownedSession(id, accountId: context.accountId) }.json)
    }

    /// `GET /v1/sessions`: newest first, with `limit`, `starting_after` and filters; a JSON array as Dintero.
    func listSessions(_ context: RequestContext) throws -> EndpointResult {
        let query = try ListQuery(context.request)
        let transactionIds = query.values("transaction_id")
        let merchantReference = context.query("merchant_reference")
        let sessions = ledger.read { ledger in
            ledger.books[context.accountId]?.sessions.page(limit: query.limit, startingAfter: query.startingAfter) {
                session in
                query.matchesIds(session.id) && query.matchesCreated(session.createdAt)
                    && (transactionIds.isEmpty || transactionIds.contains(session.transactionId ?? ""))
                    && (merchantReference == nil || session.merchantReference == merchantReference)
                    && query.matchesSearch([session.id, session.merchantReference, session.transactionId ?? ""])
            } ?? []
        }
        return .json(.array(sessions.map(\.json)))
    }

    /// `PUT /v1/sessions/{id}`: changes the order of a session that is neither paid nor cancelled.
    ///
    /// The given `order` is laid over the stored one, and the result must be a valid order.
    func updateSession(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        let strict = Self.strictAmounts(context)
        let session = try ledger.transact { ledger throws in
            try ledger.updateSession(
                context.parameter("session_id"), accountId: context.accountId, body: body, strictAmounts: strict,
                context: context)
        }
        return .json(session.json)
    }

    /// `POST /v1/sessions/{id}/cancel`: cancels an unpaid session; a paid one is a 409 (refund it instead).
    func cancelSession(_ context: RequestContext) throws -> EndpointResult {
        let session = try ledger.transact { ledger throws in
            try ledger.cancelSession(context.parameter("session_id"), accountId: context.accountId, context: context)
        }
        return .json(session.json)
    }

    static func strictAmounts(_ context: RequestContext) -> Bool {
        context.request.headers.contains(token: "strict-session-amounts", in: "Dintero-Feature-Toggles")
    }
}
