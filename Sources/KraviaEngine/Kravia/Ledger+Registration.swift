import SandboxSupport

extension Ledger {
    /// Creates the transaction for a verified checkout and registers its invoice as the scenario says.
    mutating func register(
        session: Session, type: KraviaPaymentType, billing: JSONValue, plan: Scenario, verified: Bool,
        attempt: CheckoutAttempt, context: RequestContext
    ) -> Transaction {
        var transaction = Transaction(
            id: ids.checkoutId(account: session.accountId), accountId: session.accountId, sessionId: session.id,
            paymentProductType: type, amount: session.amount, currency: session.currency,
            merchantReference: session.merchantReference, status: .initiated,
            items: session.order["items"] ?? .array([]), billingAddress: billing,
            shippingAddress: session.order["shipping_address"], customer: session.customer,
            callbackURL: session.callbackURL, createdAt: context.now, updatedAt: context.now,
            paymentOperation: attempt.operation, scenario: plan.name)
        transaction.lifecycle = lifecycle(ofAccount: session.accountId)
        transaction.invoiceChannel = session.kravia.settings(type).invoiceChannel
        armFaults(forScenario: plan.name)
        transaction.metadata["session:profile_id"] = session.profileId.map(JSONValue.string)
        transaction.metadata["merchant_name"] = books[session.accountId].map {
            .string($0.account.settings.merchantName)
        }
        transaction.metadata["sandbox:scenario"] = .string(plan.name)
        if verified { transaction.verifiedIdentity = verifiedIdentity(billing, at: context.now) }
        switch plan.registration {
        case .captured:
            registerInvoice(&transaction, session: session, at: context.now, requestId: context.requestId)
        case .onHold:
            transaction.status = .onHold
            transaction.events.append(
                TransactionEvent(
                    id: ids.uuid(), event: .initialize, transactionStatus: .onHold, success: true,
                    amount: transaction.amount, createdAt: context.now, requestId: context.requestId,
                    metadata: ["kravia:registration": "ON_HOLD"]))
        case .failed(let code, let message):
            fail(&transaction, code: code, message: message, at: context.now, requestId: context.requestId)
        }
        return transaction
    }

    /// Registers the invoice with Kravia, with the invoice's metadata: the seeds' model CAPTURES the transaction,
    /// today's AUTHORIZES it and, when Kravia delivers an invoice that is issued now, starts collection.
    mutating func registerInvoice(
        _ transaction: inout Transaction, session: Session, at now: Timestamp, requestId: String
    ) {
        let type = transaction.paymentProductType
        // Out of `books` while it changes, so its collections change in place: a copy left behind made every
        // registration copy the account's invoices and debtors, quadratic in the size of the book.
        guard var book = books.take(transaction.accountId) else { return }
        let settings = session.kravia.settings(type)
        let debtorKey = Self.debtorKey(transaction.billingAddress)
        let debtorId = book.debtorIds[debtorKey] ?? ids.digits(6)
        book.debtorIds[debtorKey] = debtorId
        var invoice: Invoice
        if type == .invoiceB2BGrouped {
            let schedule = InvoiceSchedule.grouped(
                purchase: now.civilDate, interval: settings.interval, daysUntilDue: settings.daysUntilDue)
            let groupKey = Self.groupKey(transaction, periodStart: schedule.periodStart)
            if let number = book.openGroupInvoices[groupKey], let open = book.invoices[number] {
                invoice = open
                invoice.transactionIds.append(transaction.id)
                invoice.amount += transaction.amount
            } else {
                invoice = newInvoice(
                    for: transaction, creditor: &book.account.creditor, debtorId: debtorId, issue: schedule.issue,
                    due: schedule.due)
                invoice.groupKey = groupKey
                invoice.billingPeriod = schedule.periodStart...schedule.periodEnd
                invoice.isIssued = false
                book.openGroupInvoices[groupKey] = invoice.number
                // Issued at the start (UTC) of its issue date; payments are refused until then.
                timeline.schedule(
                    .issueGroupedInvoice(accountId: transaction.accountId, invoiceNumber: invoice.number),
                    at: schedule.issue.startOfDay)
            }
        } else {
            let schedule = InvoiceSchedule.standard(purchase: now.civilDate, daysUntilDue: settings.daysUntilDue)
            invoice = newInvoice(
                for: transaction, creditor: &book.account.creditor, debtorId: debtorId, issue: schedule.issue,
                due: schedule.due)
        }
        book.invoices[invoice.number] = invoice
        book.invoiceFiles[invoice.fileId] = invoice.number
        transaction.invoiceNumber = invoice.number
        let status = transaction.lifecycle.registeredStatus
        transaction.status = status
        transaction.updatedAt = now
        transaction.metadata["kravia:invoice_number"] = .string(invoice.number)
        transaction.metadata["kravia:invoice_url"] = .string(session.baseURL + "/v1/files/" + invoice.fileId)
        transaction.metadata.merge(invoice.paymentMetadata) { _, new in new }
        for other in invoice.transactionIds where other != transaction.id {
            book.transactions[other]?.metadata.merge(invoice.paymentMetadata) { _, new in new }
        }
        books[transaction.accountId] = book
        transaction.events.append(
            TransactionEvent(
                id: ids.uuid(), event: transaction.lifecycle == .captured ? .capture : .authorize,
                transactionStatus: status, success: true, amount: transaction.amount, createdAt: now,
                requestId: requestId,
                metadata: [
                    "kravia:invoice_date": .string(invoice.issueDate.description),
                    "kravia:invoice_due_date": .string(invoice.dueDate.description),
                    "kravia:invoice_number": .string(invoice.number),
                    "kravia:creditor_id": .string(invoice.creditorId),
                    "kravia:debtor_id": .string(invoice.debtorId),
                    "kravia:invoice_id": .string(invoice.invoiceId),
                    "kravia:case_number": .string(invoice.caseNumber),
                ]))
        if transaction.invoiceChannel == "kravia", invoice.isIssued {
            initiateCollection(&transaction, at: now, requestId: requestId)
        }
    }

    /// Today's model: collection starts (Kravia delivered the invoice, or the merchant captured): an
    /// INITIATE_CAPTURE event; the state stays AUTHORIZED. Nothing in the seeds' model.
    func initiateCollection(_ transaction: inout Transaction, at now: Timestamp, requestId: String) {
        guard transaction.lifecycle == .authorized, !transaction.isCollecting else { return }
        transaction.events.append(
            TransactionEvent(
                id: ids.uuid(), event: .initiateCapture, transactionStatus: transaction.status, success: true,
                amount: transaction.amount, createdAt: now, requestId: requestId,
                metadata: transaction.invoiceNumber.map { ["kravia:invoice_number": .string($0)] } ?? [:]))
        transaction.updatedAt = now
    }

    /// Queues the `report_event` callbacks of the events from `start` on (each only if the URL asks for it).
    mutating func reportEvents(of transaction: Transaction, from start: Int, at now: Timestamp) {
        for event in transaction.events[min(start, transaction.events.count)...]
        where event.success && event.event != .initialize {
            triggerCallback(.event(transactionId: transaction.id, event: event.event, eventId: event.id), at: now)
        }
    }

    /// Marks a registration as failed: a CAPTURE (today's model: AUTHORIZE) event with `success: false` and the
    /// reason.
    func fail(_ transaction: inout Transaction, code: String, message: String, at now: Timestamp, requestId: String) {
        transaction.status = .failed
        transaction.updatedAt = now
        transaction.events.append(
            TransactionEvent(
                id: ids.uuid(), event: transaction.lifecycle == .captured ? .capture : .authorize,
                transactionStatus: .failed, success: false,
                amount: transaction.amount, createdAt: now, requestId: requestId,
                error: ["code": .string(code), "message": .string(message)]))
    }

    private func newInvoice(
        for transaction: Transaction, creditor: inout Creditor, debtorId: String, issue: CivilDate, due: CivilDate
    ) -> Invoice {
        let number = creditor.nextInvoiceNumber()
        return Invoice(
            number: number, fileId: "f-" + ids.token(length: 16), accountId: transaction.accountId,
            invoiceId: ids.digits(8), caseNumber: "CASE-" + number.split(separator: "-").last!,
            creditorId: creditor.id, debtorId: debtorId, currency: transaction.currency, issueDate: issue,
            dueDate: due, transactionIds: [transaction.id], amount: transaction.amount)
    }

    private func verifiedIdentity(_ billing: JSONValue, at now: Timestamp) -> JSONValue {
        let given = billing["first_name"]?.stringValue ?? ""
        let family = billing["last_name"]?.stringValue ?? ""
        let country = billing["country"]?.stringValue ?? "NO"
        return [
            "type": "dintero-idp", "iss": "https://sandbox.kravia.local/bankid", "sub": .string(ids.uuid()),
            "aud": "kravia-sandbox", "acr": "urn:bankid:high", "auth_time": .string(now.iso8601),
            "national_idp": .string(country.lowercased() + "_bankid"), "national_country": .string(country),
            "name": .string("\(given) \(family)"), "given_name": .string(given), "family_name": .string(family),
        ]
    }

    /// Who the debtor is: a business by country and organization number, a consumer by email.
    static func debtorKey(_ billing: JSONValue) -> String {
        let country = billing["country"]?.stringValue ?? ""
        if let number = billing["organization_number"]?.stringValue, !number.isEmpty {
            return "org:\(country):\(number)"
        }
        return "email:" + (billing["email"]?.stringValue ?? "").lowercased()
    }

    /// Seeds: purchases group per business name + organization number + country (+ customer_reference), per period.
    static func groupKey(_ transaction: Transaction, periodStart: CivilDate) -> String {
        let billing = transaction.billingAddress
        let parts = ["business_name", "organization_number", "country", "customer_reference"].map {
            billing[$0]?.stringValue ?? ""
        }
        return ([transaction.accountId, transaction.currency] + parts + [periodStart.description]).joined(
            separator: "|")
    }
}
