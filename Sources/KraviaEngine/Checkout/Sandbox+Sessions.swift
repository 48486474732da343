import Foundation

extension Sandbox {
    static var sessionRoutes: [Route] {
        [
            Route("POST", "/v1/sessions-profile") { try $0.createSession($1, fromProfile: true) },
            Route("POST", "/v1/sessions") { try $0.createSession($1, fromProfile: false) },
            Route("GET", "/v1/sessions") { try $0.listSessions($1) },
            Route("GET", "/v1/sessions/{session_id}") { try $0.getSession($1) },
            Route("PUT", "/v1/sessions/{session_id}") { try $0.updateSession($1) },
            Route("POST", "/v1/sessions/{session_id}/cancel") { try $0.cancelSession($1) },
        ]
    }

    /// `POST /v1/sessions-profile` and `POST /v1/sessions`: validates and stores a new session, answers `{id, url}`.
    func createSession(_ context: RequestContext, fromProfile: Bool) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let body = try context.jsonObject()
        let profiles = withState { $0.accounts[accountId]?.settings.profiles ?? [:] }
        var validation = Validation()
        let draft = SessionDraft.read(
            body, profiles: fromProfile ? profiles : nil, strictAmounts: Self.strictAmounts(context),
            into: &validation)
        try validation.check()
        let session = withState { state -> Session in
            let id = ids.checkoutId(account: accountId)
            var session = draft.makeSession(id: id, accountId: accountId, baseURL: context.baseURL, now: context.now)
            session.events.append(sessionEvent("INITIATED", context))
            state.sessions[id] = session
            return session
        }
        var response: JSONValue = [
            "id": .string(session.id), "url": .string(context.baseURL + "/v1/view/" + session.id),
        ]
        if context.query("include_session") == "true" { response["session"] = session.json }
        return .json(response)
    }

    /// `GET /v1/sessions/{id}`.
    func getSession(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        return .json(try session(context.parameter("session_id"), accountId: accountId).json)
    }

    /// `GET /v1/sessions`: newest first, with `limit`, `starting_after` and filters; a JSON array as Dintero.
    func listSessions(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let query = try ListQuery(context.request)
        let transactionIds = query.values("transaction_id")
        let merchantReference = context.query("merchant_reference")
        let sessions = withState { state in
            state.sessions.page(limit: query.limit, startingAfter: query.startingAfter) { session in
                session.accountId == accountId && query.matchesIds(session.id)
                    && query.matchesCreated(session.createdAt)
                    && (transactionIds.isEmpty || transactionIds.contains(session.transactionId ?? ""))
                    && (merchantReference == nil || session.merchantReference == merchantReference)
                    && query.matchesSearch([session.id, session.merchantReference, session.transactionId ?? ""])
            }
        }
        return .json(.array(sessions.map(\.json)))
    }

    /// `PUT /v1/sessions/{id}`: changes the order of a session that is neither paid nor cancelled.
    ///
    /// The given `order` is laid over the stored one, and the result must be a valid order.
    func updateSession(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let id = context.parameter("session_id")
        let body = try context.jsonObject()
        let strict = Self.strictAmounts(context)
        let session = try withState { state throws -> Session in
            var session = try Self.ownedSession(id, accountId: accountId, in: state)
            if session.isPaid { throw APIError.conflict("Session \(id) is paid; its order can no longer change") }
            if session.isCancelled { throw APIError.conflict("Session \(id) is cancelled") }
            var validation = Validation()
            _ = validation.object(body, "order", at: "")
            let order = session.order.merging(body["order"])
            OrderValidation.validate(order, at: "order", strictAmounts: strict, into: &validation)
            try validation.check()
            session.order = order
            if let customer = body["customer"], case .object = customer {
                session.customer = (session.customer ?? .object([:])).merging(customer)
            }
            session.updatedAt = context.now
            session.events.append(sessionEvent("UPDATE_SESSION", context))
            state.sessions[id] = session
            return session
        }
        return .json(session.json)
    }

    /// `POST /v1/sessions/{id}/cancel`: cancels an unpaid session; a paid one is a 409 (refund it instead).
    func cancelSession(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let id = context.parameter("session_id")
        let clientId = withState { $0.accounts[accountId]?.settings.clientId }
        let session = try withState { state throws -> Session in
            var session = try Self.ownedSession(id, accountId: accountId, in: state)
            if let transactionId = session.transactionId {
                throw APIError.conflict(
                    "Session \(id) is paid (transaction \(transactionId), CAPTURED at registration); "
                        + "cancel the invoice with a full refund: POST /v1/transactions/\(transactionId)/refund")
            }
            guard !session.isCancelled else { return session }
            session.cancelledAt = context.now
            session.cancelledBy = clientId
            session.updatedAt = context.now
            session.events.append(sessionEvent("CANCELLED", context))
            state.sessions[id] = session
            return session
        }
        return .json(session.json)
    }

    func session(_ id: String, accountId: String) throws -> Session {
        try withState { state in try Self.ownedSession(id, accountId: accountId, in: state) }
    }

    static func ownedSession(_ id: String, accountId: String, in state: SandboxState) throws(APIError) -> Session {
        guard let session = state.sessions[id], session.accountId == accountId else {
            throw .notFound("Session \(id) not found")
        }
        return session
    }

    func sessionEvent(_ name: String, _ context: RequestContext, details: JSONValue? = nil) -> SessionEvent {
        SessionEvent(id: ids.uuid(), name: name, createdAt: context.now, requestId: context.requestId, details: details)
    }

    static func strictAmounts(_ context: RequestContext) -> Bool {
        context.request.headers.contains(token: "strict-session-amounts", in: "Dintero-Feature-Toggles")
    }
}
