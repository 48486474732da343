import SandboxSupport

/// A stored session configuration a merchant refers to by `profile_id` (Backoffice → Settings → Payment
/// profiles, or `/v1/admin/session/profiles`).
struct PaymentProfile: Sendable, Codable, Equatable {
    var id: String
    var description: String
    /// A session `configuration` object, validated as a session's is.
    var configuration: JSONValue
    var createdAt: Timestamp
    var updatedAt: Timestamp

    var json: JSONValue {
        [
            "profile_id": .string(id), "description": .string(description), "configuration": configuration,
            "created_at": .string(createdAt.iso8601), "updated_at": .string(updatedAt.iso8601),
        ]
    }

    /// Checks `configuration` at `field` exactly as a session's `configuration` is checked.
    static func validate(_ configuration: JSONValue?, at field: String, into validation: inout Validation) {
        guard let configuration, case .object = configuration else {
            validation.fail(field, "is required: a session configuration object")
            return
        }
        let errorsBefore = validation.errors.count
        let kravia = KraviaConfiguration.parse(configuration["kravia"], at: field + ".kravia", into: &validation)
        if validation.errors.count == errorsBefore, kravia.enabledTypes.isEmpty {
            validation.fail(
                field + ".kravia",
                "no Kravia payment type is enabled; enable invoice_b2b, invoice_b2b_grouped or invoice_b2c")
        }
    }
}
