import SandboxHTTP

extension Sandbox {
    static var fileRoutes: [Route] {
        [Route("GET", "/v1/files/{file_id}") { try $0.invoiceFile($1) }]
    }

    /// `GET /v1/files/{file_id}`: the invoice as a PDF.
    ///
    /// File ids are unguessable and browsers cannot send bearer tokens, so no token is required; a token of
    /// another account still gets a 404.
    func invoiceFile(_ context: RequestContext) throws -> EndpointResult {
        let fileId = context.parameter("file_id")
        let callerAccount = context.request.headers["Authorization"] == nil ? nil : try authenticate(context)
        let document = try withState { state throws -> InvoiceDocument in
            guard let number = state.invoiceFiles[fileId], let invoice = state.invoices[number],
                callerAccount == nil || callerAccount == invoice.accountId
            else { throw APIError.notFound("File \(fileId) not found") }
            let transactions = invoice.transactionIds.compactMap { state.transactions[$0] }
            let name = state.accounts[invoice.accountId]?.settings.merchantName ?? "Sandbox Merchant AS"
            return invoice.document(creditorName: name, transactions: transactions)
        }
        return .response(
            HTTPResponse(
                status: 200,
                headers: [
                    "Content-Type": "application/pdf",
                    "Content-Disposition": "inline; filename=\"invoice-\(document.invoiceNumber).pdf\"",
                ],
                body: InvoicePDF.render(document)))
    }
}
