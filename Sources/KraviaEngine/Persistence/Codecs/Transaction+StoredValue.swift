import SandboxSupport

extension Transaction: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("id", id)
        try sink.write("accountId", accountId)
        try sink.write("sessionId", sessionId)
        try sink.write("paymentProductType", paymentProductType)
        try sink.write("amount", amount)
        try sink.write("currency", currency)
        try sink.write("merchantReference", merchantReference)
        try sink.write("merchantReference2", merchantReference2)
        try sink.write("status", status)
        try sink.write("items", items)
        try sink.write("billingAddress", billingAddress)
        try sink.write("shippingAddress", shippingAddress)
        try sink.write("customer", customer)
        try sink.write("callbackURL", callbackURL)
        try sink.write("redirectURL", redirectURL)
        try sink.write("events", list: events)
        sink.write("metadata", object: metadata)
        try sink.write("createdAt", createdAt)
        try sink.write("updatedAt", updatedAt)
        try sink.write("paymentOperation", paymentOperation)
        try sink.write("scenario", scenario)
        try sink.write("invoiceNumber", invoiceNumber)
        try sink.write("verifiedIdentity", verifiedIdentity)
        try sink.write("lifecycle", lifecycle)
        try sink.write("invoiceChannel", invoiceChannel)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            id: try members.read("id"), accountId: try members.read("accountId"),
            sessionId: try members.read("sessionId"), paymentProductType: try members.readShared("paymentProductType"),
            amount: try members.read("amount"), currency: try members.read("currency"),
            merchantReference: try members.read("merchantReference"),
            merchantReference2: try members.readIfPresent("merchantReference2"), status: try members.read("status"),
            items: try members.read("items"), billingAddress: try members.read("billingAddress"),
            shippingAddress: try members.readIfPresent("shippingAddress"),
            customer: try members.readIfPresent("customer"), callbackURL: try members.readIfPresent("callbackURL"),
            redirectURL: try members.readIfPresent("redirectURL"), events: try members.list("events"),
            metadata: try members.object("metadata"), createdAt: try members.read("createdAt"),
            updatedAt: try members.read("updatedAt"), paymentOperation: try members.readIfPresent("paymentOperation"),
            scenario: try members.read("scenario"), invoiceNumber: try members.readIfPresent("invoiceNumber"),
            verifiedIdentity: try members.readIfPresent("verifiedIdentity"),
            lifecycle: try members.read("lifecycle", or: .captured),
            invoiceChannel: try members.read("invoiceChannel", or: "kravia"))
    }
}

extension TransactionEvent: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("id", id)
        try sink.write("event", event)
        try sink.write("transactionStatus", transactionStatus)
        try sink.write("success", success)
        try sink.write("amount", amount)
        try sink.write("createdAt", createdAt)
        try sink.write("requestId", requestId)
        sink.write("metadata", object: metadata)
        try sink.write("reason", reason)
        try sink.write("error", error)
        try sink.write("eventReference", eventReference)
        try sink.write("settlements", list: settlements)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            id: try members.read("id"), event: try members.read("event"),
            transactionStatus: try members.read("transactionStatus"), success: try members.read("success"),
            amount: try members.readIfPresent("amount"), createdAt: try members.read("createdAt"),
            requestId: try members.read("requestId"), metadata: try members.object("metadata"),
            reason: try members.readIfPresent("reason"), error: try members.readIfPresent("error"),
            eventReference: try members.readIfPresent("eventReference"), settlements: try members.list("settlements"))
    }
}

extension EventSettlement: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("settlementId", settlementId)
        try sink.write("providerReference", providerReference)
        try sink.write("capture", capture)
        try sink.write("refund", refund)
        try sink.write("fee", fee)
        try sink.write("eventCorrelationId", eventCorrelationId)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            settlementId: try members.read("settlementId"), providerReference: try members.read("providerReference"),
            capture: try members.read("capture"), refund: try members.read("refund"), fee: try members.read("fee"),
            eventCorrelationId: try members.read("eventCorrelationId"))
    }
}

extension TransactionStatus: StoredValue {}
extension TransactionEventKind: StoredValue {}
extension KraviaLifecycle: StoredValue {}
