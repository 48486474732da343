import SandboxSupport

/// Dintero's rules for `order`: amounts in minor units, ISO 4217 currency, items with unique line ids and VAT.
enum OrderValidation {
    static let maximumAmount = Int(Int32.max)

    /// Validates an order object, adding each problem to `validation`; `strictAmounts` is Dintero's
    /// `strict-session-amounts` feature toggle (amount must equal the sum of items and shipping).
    static func validate(_ order: JSONValue?, at path: String, strictAmounts: Bool, into validation: inout Validation) {
        guard let order = validation.object(["order": order ?? .null], "order", at: "", required: true) else { return }
        let amount = validation.integer(order, "amount", at: path, in: 0...maximumAmount)
        if let currency = validation.string(order, "currency", at: path) {
            if currency.utf8.count != 3 || !currency.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
                validation.fail(path + ".currency", "expected an ISO 4217 code like NOK, got \"\(currency)\"")
            }
        }
        _ = validation.string(order, "merchant_reference", at: path)
        _ = validation.string(order, "merchant_reference_2", at: path, required: false)
        if let vat = validation.integer(order, "vat_amount", at: path, in: 0...maximumAmount, required: false),
            let amount, vat > amount
        {
            validation.fail(path + ".vat_amount", "must not exceed order.amount (\(amount)), got \(vat)")
        }
        for key in ["billing_address", "shipping_address", "shipping_option", "store"] {
            _ = validation.object(order, key, at: path, required: false)
        }
        var shipping = 0
        if let option = order["shipping_option"], case .object = option {
            shipping =
                validation.integer(
                    option, "amount", at: path + ".shipping_option", in: 0...maximumAmount, required: false)
                ?? 0
        }
        guard let items = order["items"], !items.isNull else { return }
        guard let list = items.arrayValue else {
            validation.fail(path + ".items", "expected an array, got \(items.typeName)")
            return
        }
        var lineIds: Set<String> = []
        var total = 0
        for (index, item) in list.enumerated() {
            let field = "\(path).items[\(index)]"
            guard case .object = item else {
                validation.fail(field, "expected an object, got \(item.typeName)")
                continue
            }
            if let lineId = validation.string(item, "line_id", at: field), !lineIds.insert(lineId).inserted {
                validation.fail(field + ".line_id", "duplicate line_id \"\(lineId)\"; line ids must be unique")
            }
            let lineAmount = validation.integer(item, "amount", at: field, in: 0...maximumAmount)
            total += lineAmount ?? 0
            _ = validation.number(item, "quantity", at: field, in: 0...1_000_000, required: false)
            _ = validation.number(item, "vat", at: field, in: 0...100, required: false)
            _ = validation.string(item, "description", at: field, required: false)
            _ = validation.string(item, "id", at: field, required: false)
            if let vat = validation.integer(item, "vat_amount", at: field, in: 0...maximumAmount, required: false),
                let lineAmount, vat > lineAmount
            {
                validation.fail(field + ".vat_amount", "must not exceed the line amount (\(lineAmount)), got \(vat)")
            }
        }
        if strictAmounts, let amount, !list.isEmpty, total + shipping != amount {
            validation.fail(
                path + ".amount",
                "must equal the sum of items and shipping (\(total + shipping)) with strict-session-amounts, got \(amount)"
            )
        }
    }
}
