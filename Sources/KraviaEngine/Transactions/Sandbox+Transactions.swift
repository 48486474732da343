import SandboxSupport

extension Sandbox {
    static var transactionRoutes: [Route] {
        [
            Route("GET", "/v1/transactions", auth: .bearer) { try $0.listTransactions($1) },
            Route("GET", "/v1/transactions/{transaction_id}", auth: .bearer) { try $0.getTransaction($1) },
            Route("PUT", "/v1/transactions/{transaction_id}", auth: .bearer) { try $0.updateTransaction($1) },
            Route("POST", "/v1/transactions/{transaction_id}/refund", auth: .bearer) { try $0.refundTransaction($1) },
            Route("POST", "/v1/transactions/{transaction_id}/capture", auth: .bearer) {
                try $0.captureTransaction($1)
            },
            Route("POST", "/v1/transactions/{transaction_id}/void", auth: .bearer) {
                try $0.voidTransaction($1)
            },
        ]
    }

    /// `GET /v1/transactions/{id}`; `includes=session` adds the session.
    func getTransaction(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("transaction_id")
        let includes = context.request.queryItems.filter { $0.name == "includes" || $0.name == "includes[]" }
        let withSession = includes.contains { $0.value == "session" }
        // Merchants poll this, the hottest read: an unchanged transaction's bytes are there under a read, and on a
        // keep-alive connection that read it last while the books stayed as they were, without one.
        if !withSession {
            if let data = context.memo?.transactionJSON(id, of: context.accountId, in: ledger) {
                return .jsonData(data)
            }
            let cached = ledger.read { ledger in
                ledger.books[context.accountId]?.transactions.cachedJSON(id).map { ($0, ledger.books.revision) }
            }
            if let (data, revision) = cached {
                context.memo?.remember(transaction: id, of: context.accountId, revision: revision, json: data)
                return .jsonData(data)
            }
        }
        return try ledger.transact { ledger throws -> EndpointResult in
            if !withSession {
                // Rendered in place through the book (no copy of it), and cached for the next read.
                guard let data = ledger.books[context.accountId]?.transactions.serializedJSON(id, render: \.json) else {
                    throw APIError.notFound("Transaction \(id) not found")
                }
                return .jsonData(data)
            }
            let transaction = try ledger.ownedTransaction(id, accountId: context.accountId)
            var json = transaction.json
            json["session"] = ledger[session: transaction.sessionId]?.json
            return .json(json)
        }
    }

    /// `GET /v1/transactions`: newest first, filtered as Dintero filters; a JSON array.
    func listTransactions(_ context: RequestContext) throws -> EndpointResult {
        let query = try ListQuery(context.request)
        let statuses = query.values("status")
        let sessionIds = query.values("session_id")
        let types = query.values("payment_product_type")
        let merchantReference = context.query("merchant_reference")
        let transactions = ledger.read { ledger in
            ledger.books[context.accountId]?.transactions.page(limit: query.limit, startingAfter: query.startingAfter) {
                transaction in
                query.matchesIds(transaction.id)
                    && query.matchesCreated(transaction.createdAt)
                    && (statuses.isEmpty || statuses.contains(transaction.status.rawValue))
                    && (sessionIds.isEmpty || sessionIds.contains(transaction.sessionId))
                    && (types.isEmpty || types.contains(transaction.paymentProductType.rawValue))
                    && (merchantReference == nil || transaction.merchantReference == merchantReference)
                    && query.matchesSearch([
                        transaction.id, transaction.sessionId, transaction.merchantReference,
                        transaction.billingAddress["email"]?.stringValue ?? "",
                        transaction.billingAddress["phone_number"]?.stringValue ?? "",
                    ])
            } ?? []
        }
        return .json(.array(transactions.map(\.json)))
    }

    /// `PUT /v1/transactions/{id}` `{merchant_reference_2?, metadata?}`: the spec's update of a transaction's second
    /// reference; `metadata` (string values) is merged into the transaction's.
    func updateTransaction(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        let reference = validation.string(body, "merchant_reference_2", at: "", required: false)
        let metadata = validation.object(body, "metadata", at: "", required: false)?.objectValue ?? [:]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where value.stringValue == nil {
            validation.fail("metadata.\(key)", "expected a string, got \(value.typeName)")
        }
        try validation.check()
        let id = context.parameter("transaction_id")
        let transaction = try ledger.transact { ledger throws in
            var transaction = try ledger.ownedTransaction(id, accountId: context.accountId)
            if let reference { transaction.merchantReference2 = reference }
            transaction.metadata.merge(metadata) { _, new in new }
            transaction.updatedAt = context.now
            ledger[transaction: id] = transaction
            return transaction
        }
        return .json(transaction.json)
    }

    /// `POST /v1/transactions/{id}/capture` (`{amount, items?, capture_reference?}`): starts collection of a
    /// merchant-delivered invoice in today's model; a 400 naming the alternative in the seeds'.
    func captureTransaction(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        let amount = validation.integer(body, "amount", at: "", in: 1...OrderValidation.maximumAmount, required: false)
        _ = validation.string(body, "capture_reference", at: "", required: false)
        if let items = body["items"], !items.isNull, items.arrayValue == nil {
            validation.fail("items", "expected an array, got \(items.typeName)")
        }
        try validation.check()
        let request = Ledger.CaptureRequest(
            transactionId: context.parameter("transaction_id"), accountId: context.accountId, amount: amount)
        let transaction = try ledger.transact { ledger throws in
            try ledger.capture(request, at: context.now, requestId: context.requestId)
        }
        return .json(transaction.json)
    }

    /// `POST /v1/transactions/{id}/void`: withdraws an unpaid invoice in today's model; a 400 naming the full
    /// refund in the seeds'. Any body (none, `{}`, `{"id": …}`) is accepted, as Dintero's clients send all three.
    func voidTransaction(_ context: RequestContext) throws -> EndpointResult {
        let id = context.parameter("transaction_id")
        let transaction = try ledger.transact { ledger throws in
            try ledger.void(id, accountId: context.accountId, at: context.now, requestId: context.requestId)
        }
        return .json(transaction.json)
    }

    /// `POST /v1/transactions/{id}/refund`: partial or full, per the seeds' rules (SPEC §4.5).
    func refundTransaction(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        let amount = validation.integer(body, "amount", at: "", in: 1...OrderValidation.maximumAmount)
        let reason = validation.string(body, "reason", at: "", required: false)
        let reference = validation.string(body, "refund_reference", at: "", required: false)
        if let items = body["items"], !items.isNull, items.arrayValue == nil {
            validation.fail("items", "expected an array, got \(items.typeName)")
        }
        try validation.check()
        guard let amount else { throw APIError.internalError("amount vanished after validation") }
        let request = Ledger.RefundRequest(
            transactionId: context.parameter("transaction_id"), accountId: context.accountId, amount: amount,
            reason: reason, reference: reference)
        let transaction = try ledger.transact { ledger throws in
            try ledger.refund(request, at: context.now, requestId: context.requestId)
        }
        return .json(transaction.json)
    }
}
