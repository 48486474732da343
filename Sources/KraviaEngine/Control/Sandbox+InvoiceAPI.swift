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
        return try withState { state throws -> EndpointResult in
            guard let invoice = state.invoices[number] else { throw APIError.notFound("Invoice \(number) not found") }
            return .json(invoice.controlJSON(now: context.now))
        }
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
        return try withState { state throws -> EndpointResult in
            guard let invoice = state.invoices[number] else { throw APIError.notFound("Invoice \(number) not found") }
            if invoice.withdrawn {
                throw APIError.conflict(
                    "Invoice \(number) was withdrawn from collection by a full refund", code: "INVOICE_WITHDRAWN")
            }
            if !invoice.isIssued {
                throw APIError.conflict(
                    "Invoice \(number) is not issued until \(invoice.issueDate); payments are accepted from then",
                    code: "INVOICE_NOT_ISSUED")
            }
            guard amount <= invoice.due else {
                throw APIError.invalid(
                    "amount", "payment of \(amount) exceeds the \(invoice.due) still due on invoice \(number)")
            }
            recordPayment(amount, toInvoice: number, at: context.now, in: &state)
            return .json(state.invoices[number]?.controlJSON(now: context.now) ?? .null)
        }
    }
}
