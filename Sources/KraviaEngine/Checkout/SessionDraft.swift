import SandboxSupport

/// A validated session-create body, before it has an id.
struct SessionDraft {
    var profileId: String?
    var url: JSONValue
    var order: JSONValue
    var customer: JSONValue?
    var configuration: JSONValue
    var kravia: KraviaConfiguration
    var metadata: JSONObject
    var expiresAt: Timestamp?
    var extra: JSONObject

    /// Validates a create body; `profiles` is nil for `POST /v1/sessions` (configuration required).
    static func read(
        _ body: JSONValue, profiles: [String: JSONValue]?, strictAmounts: Bool, into validation: inout Validation
    ) -> SessionDraft {
        let url = validation.object(body, "url", at: "") ?? .object([:])
        if body["url"]?.objectValue != nil {
            _ = validation.url(url, "return_url", at: "url", required: true)
            _ = validation.callbackURL(url, at: "url")
            _ = validation.url(url, "merchant_terms_url", at: "url", required: false)
        }
        OrderValidation.validate(body["order"], at: "order", strictAmounts: strictAmounts, into: &validation)
        var configuration = JSONValue.object([:])
        var profileId: String?
        if let profiles {
            profileId = validation.string(body, "profile_id", at: "")
            if let profileId {
                if let profile = profiles[profileId] {
                    configuration = profile
                } else {
                    validation.fail("profile_id", "unknown payment profile \"\(profileId)\"")
                }
            }
            if let override = validation.object(body, "configuration", at: "", required: false) {
                configuration = configuration.merging(override)
            }
        } else if let given = validation.object(body, "configuration", at: "") {
            configuration = given
        }
        let kravia = KraviaConfiguration.parse(configuration["kravia"], at: "configuration.kravia", into: &validation)
        if validation.isValid, kravia.enabledTypes.isEmpty {
            validation.fail(
                "configuration.kravia",
                "no Kravia payment type is enabled; enable invoice_b2b, invoice_b2b_grouped or invoice_b2c")
        }
        let customer = validation.object(body, "customer", at: "", required: false)
        let metadata = validation.object(body, "metadata", at: "", required: false)?.objectValue ?? [:]
        var expiresAt: Timestamp?
        if let text = validation.string(body, "expires_at", at: "", required: false) {
            expiresAt = Timestamp(iso8601: text)
            if expiresAt == nil { validation.fail("expires_at", "expected an ISO 8601 date-time, got \"\(text)\"") }
        }
        let handled: Set = ["url", "order", "profile_id", "configuration", "customer", "metadata", "expires_at"]
        let extra = (body.objectValue ?? [:]).filter { !handled.contains($0.key) }
        return SessionDraft(
            profileId: profileId, url: url, order: body["order"] ?? .null, customer: customer,
            configuration: configuration, kravia: kravia, metadata: metadata, expiresAt: expiresAt, extra: extra)
    }

    func makeSession(id: String, accountId: String, baseURL: String, now: Timestamp) -> Session {
        Session(
            id: id, accountId: accountId, profileId: profileId, createdAt: now, updatedAt: now,
            expiresAt: expiresAt ?? Timestamp(milliseconds: now.milliseconds + 24 * 3_600_000),
            url: url, order: order, customer: customer, configuration: configuration, kravia: kravia,
            metadata: metadata, extra: extra, baseURL: baseURL)
    }
}
