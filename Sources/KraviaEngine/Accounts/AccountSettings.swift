import SandboxSupport

/// How one merchant account is set up: its credentials, payment profiles and callback signature secret.
public struct AccountSettings: Sendable, Codable, Equatable {
    /// The account id, `T` followed by 8 digits.
    public var accountId: String
    /// The OAuth client id accepted by the token endpoint.
    public var clientId: String
    /// The OAuth client secret.
    public var clientSecret: String
    /// The secret callbacks are signed with, when the account has one.
    public var signatureSecret: String?
    /// Payment profiles by id: each a session `configuration` object. `default` always exists.
    public var profiles: JSONObject
    /// The creditor's name on invoices.
    public var merchantName: String
    /// The Kravia model this account's new transactions follow; nil follows the sandbox's
    /// (`SandboxConfiguration.kraviaLifecycle`).
    public var kraviaLifecycle: KraviaLifecycle?
    /// When the account's settlement runs happen and what they charge.
    public var settlement: SettlementConfiguration

    /// Creates account settings; the `default` profile is added when missing.
    public init(
        accountId: String,
        clientId: String,
        clientSecret: String,
        signatureSecret: String? = nil,
        profiles: JSONObject = [:],
        merchantName: String = "Sandbox Merchant AS",
        kraviaLifecycle: KraviaLifecycle? = nil,
        settlement: SettlementConfiguration = SettlementConfiguration()
    ) {
        self.accountId = accountId
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.signatureSecret = signatureSecret
        self.profiles = profiles
        self.merchantName = merchantName
        self.kraviaLifecycle = kraviaLifecycle
        self.settlement = settlement
        if self.profiles["default"] == nil { self.profiles["default"] = Self.defaultProfile }
    }

    /// The account every sandbox has out of the box: `T12345678`, `sandbox` / `sandbox-secret`.
    public static let standard = AccountSettings(
        accountId: "T12345678", clientId: "sandbox", clientSecret: "sandbox-secret")

    /// The `default` payment profile: all three Kravia types enabled with Kravia's defaults.
    public static let defaultProfile: JSONValue = [
        "kravia": [
            "type": "payment_type",
            "invoice_b2b": ["type": "payment_product_type", "enabled": true, "days_until_due": 14],
            "invoice_b2b_grouped": [
                "type": "payment_product_type", "enabled": true, "days_until_due": 14,
                "invoice_schedule": ["interval": "monthly"],
            ],
            "invoice_b2c": ["type": "payment_product_type", "enabled": true, "days_until_due": 14],
        ]
    ]

    /// Whether `id` has the shape of a Dintero test account id, `^T\d{8}$`.
    public static func isValidAccountId(_ id: String) -> Bool {
        id.utf8.count == 9 && id.hasPrefix("T") && id.utf8.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
