import SandboxHTTP

extension Sandbox {
    static var fileRoutes: [Route] {
        [Route("GET", "/v1/files/{file_id}", auth: .bearerIfPresent) { try $0.invoiceFile($1) }]
    }

    /// `GET /v1/files/{file_id}`: the invoice as a PDF.
    ///
    /// File ids are unguessable and browsers cannot send bearer tokens, so no token is required; a token of
    /// another account still gets a 404.
    func invoiceFile(_ context: RequestContext) throws -> EndpointResult {
        let fileId = context.parameter("file_id")
        let document = try ledger.read { ledger throws -> InvoiceDocument in
            let book = ledger.books.values.first { $0.invoiceFiles[fileId] != nil }
            guard let book, let number = book.invoiceFiles[fileId], let invoice = book.invoices[number],
                context.accountId.isEmpty || context.accountId == invoice.accountId
            else { throw APIError.notFound("File \(fileId) not found") }
            let transactions = invoice.transactionIds.compactMap { book.transactions[$0] }
            return invoice.document(creditorName: book.account.settings.merchantName, transactions: transactions)
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
