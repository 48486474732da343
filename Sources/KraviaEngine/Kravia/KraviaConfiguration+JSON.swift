import SandboxSupport

extension KraviaConfiguration {
    /// The configuration in Dintero's `configuration.kravia` shape.
    var json: JSONValue {
        var members: JSONObject = ["type": "payment_type"]
        for (type, settings) in types {
            var object: JSONValue = [
                "type": "payment_product_type", "enabled": .bool(settings.enabled),
                "days_until_due": JSONValue(settings.daysUntilDue),
                "require_identity_verification": .bool(settings.requireIdentityVerification),
                "invoice_channel": .string(settings.invoiceChannel),
            ]
            if type == .invoiceB2BGrouped {
                object["invoice_schedule"] = ["interval": .string(settings.interval.rawValue)]
            }
            members[type.configurationKey] = object
        }
        return .object(members)
    }
}
