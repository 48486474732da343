import SandboxHTTP
import SandboxSupport

/// The Kravia part of a session's configuration, with the seeds' defaults applied.
struct KraviaConfiguration: Sendable, Codable, Equatable {
    /// How one payment type is set up.
    struct PaymentTypeSettings: Sendable, Codable, Equatable {
        var enabled = false
        var daysUntilDue = 14
        var requireIdentityVerification = true
        var interval: InvoiceInterval = .monthly
        /// `kravia` (Kravia delivers the invoice) or `merchant`.
        var invoiceChannel = "kravia"
    }

    var types: [KraviaPaymentType: PaymentTypeSettings] = [:]

    func settings(_ type: KraviaPaymentType) -> PaymentTypeSettings {
        types[type] ?? PaymentTypeSettings()
    }

    var enabledTypes: [KraviaPaymentType] {
        KraviaPaymentType.allCases.filter { settings($0).enabled }
    }

    /// Reads `configuration.kravia`, collecting every wrongly typed, out-of-range or unknown value as a field error.
    ///
    /// Keys it does not know are left alone, as everywhere in a Dintero object: they stay in the stored
    /// configuration and change nothing (see the README's validation rules).
    static func parse(_ kravia: JSONValue?, at path: String, into validation: inout Validation) -> KraviaConfiguration {
        var configuration = KraviaConfiguration()
        guard let kravia, !kravia.isNull else { return configuration }
        guard let members = kravia.objectValue else {
            validation.fail(path, "expected an object, got \(kravia.typeName)")
            return configuration
        }
        if let type = members["type"], type.stringValue != "payment_type" {
            validation.fail(path + ".type", "must be \"payment_type\"")
        }
        for paymentType in KraviaPaymentType.allCases {
            let field = path + "." + paymentType.configurationKey
            guard let object = validation.object(kravia, paymentType.configurationKey, at: path, required: false) else {
                continue
            }
            configuration.types[paymentType] = parseType(object, paymentType, at: field, into: &validation)
        }
        return configuration.sharedWithLastEqual()
    }

    /// The settings parsed last, whose table equal ones share: every session of a profile parses the same
    /// configuration, and a table of its own was about 240 bytes of each held session. A plain mutex
    /// (`Locked`), as everywhere on the request path.
    private static let lastParsed = Locked<KraviaConfiguration?>(nil)

    /// These settings, in the storage of the last parsed ones when equal (then remembered as the last).
    private func sharedWithLastEqual() -> KraviaConfiguration {
        Self.lastParsed.withLock { last in
            if let last, last == self { return last }
            last = self
            return self
        }
    }

    private static func parseType(
        _ object: JSONValue, _ type: KraviaPaymentType, at field: String, into validation: inout Validation
    ) -> PaymentTypeSettings {
        var settings = PaymentTypeSettings()
        if let kind = object["type"], kind.stringValue != "payment_product_type" {
            validation.fail(field + ".type", "must be \"payment_product_type\"")
        }
        settings.enabled = validation.boolean(object, "enabled", at: field) ?? false
        settings.daysUntilDue =
            validation.integer(object, "days_until_due", at: field, in: 0...365, required: false) ?? 14
        if let channel = validation.oneOf(object, "invoice_channel", at: field, ["kravia", "merchant"]) {
            settings.invoiceChannel = channel
        }
        if let method = validation.oneOf(object, "invoice_delivery_method", at: field, ["provider", "merchant"]) {
            settings.invoiceChannel = method == "provider" ? "kravia" : "merchant"
        }
        if let schedule = validation.object(object, "invoice_schedule", at: field, required: false) {
            if type != .invoiceB2BGrouped {
                validation.fail(field + ".invoice_schedule", "only applies to invoice_b2b_grouped")
            } else if let interval = validation.oneOf(
                schedule, "interval", at: field + ".invoice_schedule", ["monthly", "quarterly"])
            {
                settings.interval = InvoiceInterval(rawValue: interval) ?? .monthly
            }
        }
        if let verify = validation.boolean(object, "require_identity_verification", at: field) {
            // Seeds: B2C always verifies with BankID, unless the merchant delivers the invoice itself.
            if type == .invoiceB2C, !verify, settings.invoiceChannel != "merchant" {
                validation.fail(
                    field + ".require_identity_verification",
                    "BankID verification is always required for kravia.invoice_b2c (unless invoice_channel is merchant)"
                )
            } else {
                settings.requireIdentityVerification = verify
            }
        }
        return settings
    }
}
