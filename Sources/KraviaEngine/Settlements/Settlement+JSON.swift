import SandboxSupport

extension Settlement {
    /// Dintero's `SettlementItem`.
    var json: JSONValue {
        [
            "id": .string(id), "start_at": .string(startAt.iso8601), "end_at": .string(endAt.iso8601),
            "settled_at": .string(settledAt.iso8601), "created_at": .string(settledAt.iso8601),
            "updated_at": .string(settledAt.iso8601), "provider": "kravia",
            "provider_reference": .string(providerReference),
            "attachments": .array(
                attachments.map {
                    [
                        "id": .string($0.id), "key": .string($0.key), "content_type": .string($0.format.contentType),
                        "extension": .string($0.format.rawValue), "created_by": "dintero",
                    ]
                }),
            "amounts": [
                [
                    "amount": JSONValue(amount), "capture": JSONValue(capture), "refund": JSONValue(refund),
                    "fee": JSONValue(fee), "currency": .string(currency),
                ]
            ],
            "payment_status": .string(paymentStatus), "payout_destination_id": .null, "store_id": .null,
        ]
    }
}

extension EventSettlement {
    var json: JSONValue {
        [
            "settlement_id": .string(settlementId), "provider_reference": .string(providerReference),
            "amount": JSONValue(amount), "capture": JSONValue(capture), "refund": JSONValue(refund),
            "fee": JSONValue(fee), "event_correlation_id": .string(eventCorrelationId),
        ]
    }
}
