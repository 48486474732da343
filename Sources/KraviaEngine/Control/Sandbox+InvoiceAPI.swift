extension Sandbox {
    static var invoiceRoutes: [Route] {
        [
            Route("GET", "/__sandbox/invoices/{invoice_number}") { try $0.showInvoice($1) },
            Route("POST", "/__sandbox/invoices/{invoice_number}/payments") { try $0.payInvoice($1) },
        ]
    }

    /// `GET /__sandbox/invoices/{number}`: the invoice as Kravia sees it (issued, paid, due, payments).
    func showInvoice(_ context: RequestContext) throws -> EndpointResult {
        let number = context.parameter("invoice_number")
        let invoice = ledger.read { ledger in
            ledger.accountId(ofInvoice: number).flatMap { ledger.books[$0]?.invoices[number] }
        }
        guard let invoice else { throw APIError.notFound("Invoice \(number) not found") }
        return .json(invoice.controlJSON(now: context.now))
    }

    /// `POST /__sandbox/invoices/{number}/payments {"amount": N}`: the customer pays towards the invoice.
    ///
    /// 404 for an unknown invoice, 409 when it is withdrawn or not issued yet, 400 for more than is due.
    /// Paid in full, its transactions settle after the settlement delay.
    func payInvoice(_ context: RequestContext) throws -> EndpointResult {
        let number = context.parameter("invoice_number")
        let body = try context.jsonObject()
        var validation = Validation()
        let amount = validation.integer(body, "amount", at: "", in: 1...OrderValidation.maximumAmount)
        try validation.check()
        guard let amount else { throw APIError.internalError("amount vanished after validation") }
        let invoice = try ledger.transact { ledger throws in
            try ledger.payInvoice(number, amount: amount, at: context.now)
        }
        return .json(invoice.controlJSON(now: context.now))
    }
}
