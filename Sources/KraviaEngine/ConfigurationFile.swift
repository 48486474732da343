import Foundation
import SandboxSupport

/// A problem in a `--config` file, naming the file and every field at fault.
public struct ConfigurationFileError: Error, CustomStringConvertible {
    /// The file's path as given.
    public var file: String
    /// Each problem: `field: what was expected`.
    public var problems: [String]

    /// `file: problem` lines.
    public var description: String {
        problems.map { "\(file): \($0)" }.joined(separator: "\n")
    }
}

extension SandboxConfiguration {
    /// Applies a JSON configuration file: accounts (with credentials, signature secret and payment profiles),
    /// `base_url` and `token_lifetime_seconds`.
    ///
    /// The standard account `T12345678` stays unless the file redefines it or sets `include_standard_account: false`.
    /// - Throws: `ConfigurationFileError` listing every problem.
    public mutating func apply(configFile data: Data, path: String) throws(ConfigurationFileError) {
        let root: JSONValue
        do throws(JSONParser.Failure) {
            root = try JSONParser.parse(data)
        } catch {
            throw ConfigurationFileError(file: path, problems: ["not valid JSON: \(error)"])
        }
        var validation = Validation()
        guard case .object(let members) = root else {
            throw ConfigurationFileError(file: path, problems: ["expected a JSON object at the top level"])
        }
        let known: Set = ["accounts", "base_url", "token_lifetime_seconds", "include_standard_account"]
        for key in members.keys.sorted() where !known.contains(key) {
            validation.fail(key, "unknown setting; expected one of \(known.sorted().joined(separator: ", "))")
        }
        let baseURL = validation.url(root, "base_url", at: "", required: false)
        let lifetime = validation.integer(root, "token_lifetime_seconds", at: "", in: 1...31_536_000, required: false)
        let keepStandard = validation.boolean(root, "include_standard_account", at: "") ?? true
        var accounts: [AccountSettings] = []
        if let list = root["accounts"], !list.isNull {
            if let entries = list.arrayValue {
                for (index, entry) in entries.enumerated() {
                    if let account = Self.account(entry, at: "accounts[\(index)]", into: &validation) {
                        accounts.append(account)
                    }
                }
            } else {
                validation.fail("accounts", "expected an array, got \(list.typeName)")
            }
        }
        guard validation.isValid else {
            throw ConfigurationFileError(
                file: path, problems: validation.errors.map { "\($0.field): \($0.description)" })
        }
        if let baseURL { self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }
        if let lifetime { tokenLifetime = .seconds(lifetime) }
        var merged = keepStandard ? self.accounts : []
        for account in accounts {
            merged.removeAll { $0.accountId == account.accountId }
            merged.append(account)
        }
        self.accounts = merged
    }

    private static func account(_ entry: JSONValue, at path: String, into validation: inout Validation)
        -> AccountSettings?
    {
        guard case .object = entry else {
            validation.fail(path, "expected an object, got \(entry.typeName)")
            return nil
        }
        let accountId = validation.string(entry, "account_id", at: path)
        if let accountId, !AccountSettings.isValidAccountId(accountId) {
            validation.fail(path + ".account_id", "expected T followed by 8 digits, got \"\(accountId)\"")
        }
        let clientId = validation.string(entry, "client_id", at: path)
        let secret = validation.string(entry, "client_secret", at: path)
        let signature = validation.string(entry, "signature_secret", at: path, required: false)
        let name = validation.string(entry, "merchant_name", at: path, required: false)
        let lifecycle = validation.oneOf(
            entry, "kravia_lifecycle", at: path, KraviaLifecycle.allCases.map(\.rawValue))
        let settlement = SettlementConfiguration.read(entry["settlement"], at: path + ".settlement", into: &validation)
        var profiles: JSONObject = [:]
        if let given = validation.object(entry, "profiles", at: path, required: false)?.objectValue {
            for (id, configuration) in given.sorted(by: { $0.key < $1.key }) {
                let field = "\(path).profiles.\(id)"
                guard case .object = configuration else {
                    validation.fail(field, "expected a configuration object, got \(configuration.typeName)")
                    continue
                }
                _ = KraviaConfiguration.parse(configuration["kravia"], at: field + ".kravia", into: &validation)
                profiles[id] = configuration
            }
        }
        guard let accountId, let clientId, let secret else { return nil }
        return AccountSettings(
            accountId: accountId, clientId: clientId, clientSecret: secret, signatureSecret: signature,
            profiles: profiles, merchantName: name ?? "Sandbox Merchant AS",
            kraviaLifecycle: lifecycle.flatMap(KraviaLifecycle.init(rawValue:)), settlement: settlement)
    }
}
