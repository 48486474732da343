extension Sandbox {
    static var transactionRoutes: [Route] {
        [
            Route("GET", "/v1/transactions") { try $0.listTransactions($1) },
            Route("GET", "/v1/transactions/{transaction_id}") { try $0.getTransaction($1) },
            Route("POST", "/v1/transactions/{transaction_id}/refund") { try $0.refundTransaction($1) },
            Route("POST", "/v1/transactions/{transaction_id}/capture") { try $0.refuseManualOperation($1, "capture") },
            Route("POST", "/v1/transactions/{transaction_id}/void") { try $0.refuseManualOperation($1, "void") },
        ]
    }

    /// `GET /v1/transactions/{id}`; `includes=session` adds the session.
    func getTransaction(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let id = context.parameter("transaction_id")
        let includes = context.request.queryItems.filter { $0.name == "includes" || $0.name == "includes[]" }
        let withSession = includes.contains { $0.value == "session" }
        return try withState { state throws -> EndpointResult in
            let transaction = try Self.ownedTransaction(id, accountId: accountId, in: state)
            guard withSession else {
                return .jsonData(
                    state.transactions.serializedJSON(id) { $0.json } ?? JSONSerializer.data(transaction.json))
            }
            var json = transaction.json
            json["session"] = state.sessions[transaction.sessionId]?.json
            return .json(json)
        }
    }

    /// `GET /v1/transactions`: newest first, filtered as Dintero filters; a JSON array.
    func listTransactions(_ context: RequestContext) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let query = try ListQuery(context.request)
        let statuses = query.values("status")
        let sessionIds = query.values("session_id")
        let types = query.values("payment_product_type")
        let merchantReference = context.query("merchant_reference")
        let transactions = withState { state in
            state.transactions.page(limit: query.limit, startingAfter: query.startingAfter) { transaction in
                transaction.accountId == accountId && query.matchesIds(transaction.id)
                    && query.matchesCreated(transaction.createdAt)
                    && (statuses.isEmpty || statuses.contains(transaction.status))
                    && (sessionIds.isEmpty || sessionIds.contains(transaction.sessionId))
                    && (types.isEmpty || types.contains(transaction.paymentProductType))
                    && (merchantReference == nil || transaction.merchantReference == merchantReference)
                    && query.matchesSearch([
                        transaction.id, transaction.sessionId, transaction.merchantReference,
                        transaction.billingAddress["email"]?.stringValue ?? "",
                        transaction.billingAddress["phone_number"]?.stringValue ?? "",
                    ])
            }
        }
        return .json(.array(transactions.map(\.json)))
    }

    /// Capture and void do not exist for Kravia: say so, and how to cancel instead.
    func refuseManualOperation(_ context: RequestContext, _ operation: String) throws -> EndpointResult {
        let accountId = try authenticate(context)
        let id = context.parameter("transaction_id")
        let status = try withState { state in try Self.ownedTransaction(id, accountId: accountId, in: state).status }
        let why =
            operation == "capture"
            ? "Kravia transactions are captured automatically when the invoice is registered; there is nothing to capture"
            : "Kravia transactions are captured at registration and cannot be voided; cancel the invoice with a full refund (POST /v1/transactions/\(id)/refund)"
        throw APIError(
            status: 400, code: "OPERATION_NOT_SUPPORTED", message: "\(why). Transaction \(id) is \(status).",
            errors: [FieldError("transaction_id", "\(operation) is not supported for kravia")])
    }

    static func ownedTransaction(_ id: String, accountId: String, in state: SandboxState) throws(APIError)
        -> Transaction
    {
        guard let transaction = state.transactions[id], transaction.accountId == accountId else {
            throw .notFound("Transaction \(id) not found")
        }
        return transaction
    }
}
