import SandboxSupport

extension Session: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("id", id)
        try sink.write("accountId", accountId)
        try sink.write("profileId", profileId)
        try sink.write("createdAt", createdAt)
        try sink.write("updatedAt", updatedAt)
        try sink.write("expiresAt", expiresAt)
        try sink.write("url", url)
        try sink.write("order", order)
        try sink.write("customer", customer)
        try sink.write("configuration", configuration)
        try sink.write("kravia", kravia)
        sink.write("metadata", object: metadata)
        sink.write("extra", object: extra)
        try sink.write("events", list: events)
        try sink.write("transactionId", transactionId)
        try sink.write("baseURL", baseURL)
        try sink.write("cancelledAt", cancelledAt)
        try sink.write("cancelledBy", cancelledBy)
        try sink.write("checkoutDetails", map: checkoutDetails)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            id: try members.read("id"), accountId: try members.read("accountId"),
            profileId: try members.readIfPresent("profileId"), createdAt: try members.read("createdAt"),
            updatedAt: try members.read("updatedAt"), expiresAt: try members.read("expiresAt"),
            url: try members.read("url"), order: try members.read("order"),
            customer: try members.readIfPresent("customer"), configuration: try members.read("configuration"),
            kravia: try members.readShared("kravia"), metadata: try members.object("metadata"),
            extra: try members.object("extra"), events: try members.list("events"),
            transactionId: try members.readIfPresent("transactionId"), baseURL: try members.readShared("baseURL"),
            cancelledAt: try members.readIfPresent("cancelledAt"),
            cancelledBy: try members.readIfPresent("cancelledBy"),
            checkoutDetails: try members.mapIfPresent("checkoutDetails"))
    }
}

extension SessionEvent: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("id", id)
        try sink.write("name", name)
        try sink.write("createdAt", createdAt)
        try sink.write("requestId", requestId)
        try sink.write("details", details)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            id: try members.read("id"), name: try members.read("name"), createdAt: try members.read("createdAt"),
            requestId: try members.read("requestId"), details: try members.readIfPresent("details"))
    }
}

/// `Codable` writes a dictionary keyed by an enum as a list of key, value, key, value.
extension KraviaConfiguration: StoredValue {
    func write(to sink: ByteSink) throws {
        sink.writeKey("types" as StaticString)
        let start = sink.openBlob()
        for (type, settings) in types {
            try sink.writeList([type])
            try sink.writeList([settings])
        }
        sink.closeBlob(at: start)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init()
        guard let list = try members.blob("types") else { return }
        var cursor = list.range.lowerBound
        while cursor < list.range.upperBound {
            guard let key = try ByteSource.blob(list.buffer, at: &cursor, within: list.range.upperBound),
                let value = try ByteSource.blob(list.buffer, at: &cursor, within: list.range.upperBound)
            else { throw BinaryDecodingError(description: "a payment type without its settings") }
            types[try KraviaPaymentType(stored: StoredBlob(buffer: list.buffer, range: key))] =
                try PaymentTypeSettings(stored: StoredBlob(buffer: list.buffer, range: value))
        }
    }
}

extension KraviaConfiguration.PaymentTypeSettings: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("enabled", enabled)
        try sink.write("daysUntilDue", daysUntilDue)
        try sink.write("requireIdentityVerification", requireIdentityVerification)
        try sink.write("interval", interval)
        try sink.write("invoiceChannel", invoiceChannel)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init()
        enabled = try members.read("enabled", or: enabled)
        daysUntilDue = try members.read("daysUntilDue", or: daysUntilDue)
        requireIdentityVerification = try members.read("requireIdentityVerification", or: requireIdentityVerification)
        interval = try members.read("interval", or: interval)
        invoiceChannel = try members.read("invoiceChannel", or: invoiceChannel)
    }
}

extension KraviaPaymentType: StoredValue {}
extension InvoiceInterval: StoredValue {}
