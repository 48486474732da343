import SandboxSupport

extension Session {
    /// The session as `GET /v1/sessions/{id}` returns it.
    var json: JSONValue {
        var members = extra
        members["id"] = .string(id)
        members["created_at"] = .string(createdAt.iso8601)
        members["updated_at"] = .string(updatedAt.iso8601)
        members["expires_at"] = .string(expiresAt.iso8601)
        members["url"] = url
        members["order"] = order
        members["customer"] = customer
        members["configuration"] = configuration
        var metadata = self.metadata
        if let profileId { metadata["session:profile_id"] = .string(profileId) }
        members["metadata"] = .object(metadata)
        members["events"] = .array(events.map(\.json))
        members["transaction_id"] = transactionId.map(JSONValue.string)
        members["cancelled_at"] = cancelledAt.map { .string($0.iso8601) }
        members["cancelled_by"] = cancelledBy.map(JSONValue.string)
        return .object(members)
    }

    var merchantReference: String { order["merchant_reference"]?.stringValue ?? "" }
    var amount: Int { order["amount"]?.intValue ?? 0 }
    var currency: String { order["currency"]?.stringValue ?? "" }
    var returnURL: String? { url["return_url"]?.stringValue }
    var callbackURL: String? { url["callback_url"]?.stringValue }
    var isPaid: Bool { transactionId != nil }
    var isCancelled: Bool { cancelledAt != nil }
}

extension SessionEvent {
    var json: JSONValue {
        .object(dropping: [
            "id": .string(id), "name": .string(name), "created_at": .string(createdAt.iso8601),
            "request_id": .string(requestId), "details": details,
        ])
    }
}
