import SandboxSupport

/// A settlement report configuration (`/settlements/reports/configuration`): stored and listed as Dintero
/// does; the sandbox e-mails nothing.
struct ReportConfiguration: Sendable, Codable {
    var id: String
    var accountId: String
    /// The `UpdateSettlementReportConfigItem` fields as given (`filetypes`, `destinations`, `providers`,
    /// `filters`, `send_every`).
    var settings: JSONObject
    var createdAt: Timestamp
    var updatedAt: Timestamp

    var json: JSONValue {
        var json = settings
        json["id"] = .string(id)
        json["account_id"] = .string(accountId)
        json["created_at"] = .string(createdAt.iso8601)
        json["updated_at"] = .string(updatedAt.iso8601)
        json["last_modified_at"] = .int(updatedAt.milliseconds)
        return .object(json)
    }

    /// Reads a configuration body as the spec defines it; every problem is named.
    static func read(_ body: JSONValue, into validation: inout Validation) -> JSONObject {
        var settings: JSONObject = [:]
        for key in ["filetypes", "providers"] {
            guard let list = validation.array(body, key, at: "") else { continue }
            for (index, item) in list.enumerated() where item.stringValue == nil {
                validation.fail("\(key)[\(index)]", "expected a string, got \(item.typeName)")
            }
            settings[key] = .array(list)
        }
        if let destinations = validation.array(body, "destinations", at: "") {
            for (index, destination) in destinations.enumerated() {
                let field = "destinations[\(index)]"
                let type = validation.oneOf(destination, "destination_type", at: field, ["account_email", "email"])
                if type == nil, destination["destination_type"] == nil {
                    validation.fail(field + ".destination_type", "is required: account_email or email")
                }
                if type == "email", validation.string(destination, "destination_value", at: field) == nil { continue }
            }
            settings["destinations"] = .array(destinations)
        }
        if let filters = body["filters"], !filters.isNull {
            if let list = filters.arrayValue {
                for (index, filter) in list.enumerated() {
                    _ = validation.oneOf(filter, "filter", at: "filters[\(index)]", ["payout_destination_id"])
                    _ = validation.string(filter, "value", at: "filters[\(index)]", required: false)
                }
                settings["filters"] = filters
            } else {
                validation.fail("filters", "expected an array, got \(filters.typeName)")
            }
        }
        if let every = body["send_every"], !every.isNull {
            if every.doubleValue == nil { validation.fail("send_every", "expected a number, got \(every.typeName)") }
            settings["send_every"] = every
        }
        return settings
    }
}
