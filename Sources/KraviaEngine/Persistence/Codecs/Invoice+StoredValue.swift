import SandboxSupport

extension Invoice: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("number", number)
        try sink.write("fileId", fileId)
        try sink.write("accountId", accountId)
        try sink.write("invoiceId", invoiceId)
        try sink.write("caseNumber", caseNumber)
        try sink.write("creditorId", creditorId)
        try sink.write("debtorId", debtorId)
        try sink.write("currency", currency)
        try sink.write("issueDate", issueDate)
        try sink.write("dueDate", dueDate)
        sink.write("transactionIds", strings: transactionIds)
        try sink.write("amount", amount)
        try sink.write("payments", list: payments)
        try sink.write("refunded", refunded)
        try sink.write("refundedToCustomer", refundedToCustomer)
        try sink.write("withdrawn", withdrawn)
        try sink.write("groupKey", groupKey)
        try sink.write("billingPeriod", codable: billingPeriod)
        try sink.write("isIssued", isIssued)
        try sink.write("isSettlementScheduled", isSettlementScheduled)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            number: try members.read("number"), fileId: try members.read("fileId"),
            accountId: try members.read("accountId"), invoiceId: try members.read("invoiceId"),
            caseNumber: try members.read("caseNumber"), creditorId: try members.read("creditorId"),
            debtorId: try members.read("debtorId"), currency: try members.read("currency"),
            issueDate: try members.read("issueDate"), dueDate: try members.read("dueDate"),
            transactionIds: try members.strings("transactionIds"), amount: try members.read("amount"),
            payments: try members.list("payments"), refunded: try members.read("refunded", or: 0),
            refundedToCustomer: try members.read("refundedToCustomer", or: 0),
            withdrawn: try members.read("withdrawn", or: false), groupKey: try members.readIfPresent("groupKey"),
            billingPeriod: try members.codableIfPresent("billingPeriod", ClosedRange<CivilDate>.self),
            isIssued: try members.read("isIssued", or: true),
            isSettlementScheduled: try members.read("isSettlementScheduled", or: false))
    }
}

extension InvoicePayment: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("amount", amount)
        try sink.write("paidAt", paidAt)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(amount: try members.read("amount"), paidAt: try members.read("paidAt"))
    }
}
