import SandboxSupport

extension Transaction {
    /// The transaction as `GET /v1/transactions/{id}` returns it.
    var json: JSONValue {
        var url: JSONObject = [:]
        if let callbackURL { url["callback_url"] = .string(callbackURL) }
        if let redirectURL { url["redirect_url"] = .string(redirectURL) }
        return .object(dropping: [
            "id": .string(id),
            "created_at": .string(createdAt.iso8601),
            "updated_at": .string(updatedAt.iso8601),
            "payment_product": "kravia",
            "payment_product_type": .string(paymentProductType.rawValue),
            "amount": JSONValue(amount),
            "currency": .string(currency),
            "merchant_reference": .string(merchantReference),
            "merchant_reference_2": merchantReference2.map(JSONValue.string),
            "status": .string(status.rawValue),
            "items": items,
            "billing_address": billingAddress,
            "shipping_address": shippingAddress,
            "customer": customer,
            "session_id": .string(sessionId),
            "url": .object(url),
            "events": .array(events.map(\.json)),
            "metadata": .object(metadata),
            "channel": "ecommerce",
            "payment_operation": paymentOperation.map(JSONValue.string),
            "settlement_status": .string(settlementStatus),
            "verified_identity": verifiedIdentity,
        ])
    }
}

extension TransactionEvent {
    var json: JSONValue {
        .object(dropping: [
            "id": .string(id), "event": .string(event.rawValue), "name": .string(event.rawValue),
            "transaction_status": .string(transactionStatus.rawValue), "success": .bool(success),
            "amount": amount.map { JSONValue($0) }, "created_at": .string(createdAt.iso8601),
            "request_id": .string(requestId), "metadata": metadata.isEmpty ? nil : .object(metadata),
            "reason": reason.map(JSONValue.string), "error": error,
            "event_reference": eventReference.map(JSONValue.string),
            "settlements": settlements.isEmpty
                ? nil : ["events": .array(settlements.map(\.json)), "settlement_status": "SETTLED"],
        ])
    }
}
