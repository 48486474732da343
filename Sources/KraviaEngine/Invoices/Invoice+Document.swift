extension Invoice {
    /// What the PDF shows: creditor, debtor, billing address, every purchase's lines, and the money so far.
    func document(creditorName: String, transactions: [Transaction]) -> InvoiceDocument {
        let billing = transactions.first?.billingAddress ?? .object([:])
        func field(_ name: String) -> String? {
            billing[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        let person = [field("first_name"), field("last_name")].compactMap { $0 }.joined(separator: " ")
        let addressLines = [
            field("co_address").map { "c/o " + $0 },
            field("address_line"), field("address_line_2"),
            [field("postal_code"), field("postal_place")].compactMap { $0 }.joined(separator: " "), field("country"),
        ].compactMap { $0 }.filter { !$0.isEmpty }
        let lines = transactions.flatMap { transaction in
            (transaction.items.arrayValue ?? []).map { item in
                let amount = item["amount"]?.intValue ?? 0
                let vat = item["vat"]?.doubleValue ?? 0
                let vatAmount = item["vat_amount"]?.intValue ?? Int((Double(amount) * vat / (100 + vat)).rounded())
                return InvoiceLine(
                    description: item["description"]?.stringValue ?? item["line_id"]?.stringValue ?? "Item",
                    quantity: item["quantity"]?.doubleValue ?? 1, amount: amount, vatPercent: vat, vatAmount: vatAmount,
                    purchaseDate: transaction.createdAt.civilDate, reference: transaction.merchantReference)
            }
        }
        var notes: [String] = []
        if !isIssued, let billingPeriod {
            notes.append(
                "Not yet issued: purchases from \(billingPeriod.lowerBound) to \(billingPeriod.upperBound) "
                    + "are collected on this invoice, issued \(issueDate).")
        }
        if withdrawn { notes.append("Withdrawn from collection: the merchant cancelled this invoice.") }
        if refundedToCustomer > 0 {
            notes.append(
                "Refunded to the customer: \(InvoiceFormatting.amount(refundedToCustomer, currency: currency)).")
        }
        return InvoiceDocument(
            invoiceNumber: number, issueDate: issueDate, dueDate: dueDate, currency: currency,
            creditor: .init(
                name: creditorName, id: creditorId, organizationNumber: "9" + creditorId.suffix(6) + "00",
                addressLines: ["Kravia Sandbox", "Postboks 1", "0101 Oslo"],
                bankAccount: "1503.12." + creditorId.suffix(5)),
            debtor: .init(
                name: person, businessName: field("business_name"), organizationNumber: field("organization_number"),
                id: debtorId),
            billingAddressLines: addressLines, customerReference: field("customer_reference"),
            paymentReference: invoiceId, caseNumber: caseNumber, billingPeriod: billingPeriod, lines: lines,
            totalAmount: amount, totalVatAmount: lines.reduce(0) { $0 + $1.vatAmount }, refundedAmount: refunded,
            paidAmount: paid, dueAmount: due, notes: notes)
    }
}
