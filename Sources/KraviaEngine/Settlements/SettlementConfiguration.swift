import SandboxSupport

/// When and at what cost an account's paid-out transactions are settled (`"settlement"` on an account in
/// `--config` or `POST /__sandbox/accounts`).
public struct SettlementConfiguration: Sendable, Codable, Equatable {
    /// The hour of the day (UTC, 0–23) the daily settlement run happens at, in sandbox time.
    public var runHour = 6
    /// A fee per transaction in a settlement, in minor units.
    public var feeFixed = 0
    /// A fee in basis points (1/100 %) of what each transaction captured.
    public var feeBasisPoints = 0

    /// Runs at 06:00 UTC and charges nothing.
    public init(runHour: Int = 6, feeFixed: Int = 0, feeBasisPoints: Int = 0) {
        self.runHour = runHour
        self.feeFixed = feeFixed
        self.feeBasisPoints = feeBasisPoints
    }

    /// The fee for a transaction that captured `capture`.
    func fee(capture: Int) -> Int {
        capture > 0 ? feeFixed + capture * feeBasisPoints / 10_000 : 0
    }
}

extension SettlementConfiguration {
    /// Reads an account's `"settlement": {"run_hour", "fee_fixed", "fee_basis_points"}`; every problem is named.
    static func read(_ object: JSONValue?, at path: String, into validation: inout Validation) -> SettlementConfiguration {
        var configuration = SettlementConfiguration()
        guard let object, !object.isNull else { return configuration }
        guard case .object = object else {
            validation.fail(path, "expected an object, got \(object.typeName)")
            return configuration
        }
        if let hour = validation.integer(object, "run_hour", at: path, in: 0...23, required: false) {
            configuration.runHour = hour
        }
        if let fee = validation.integer(object, "fee_fixed", at: path, in: 0...1_000_000, required: false) {
            configuration.feeFixed = fee
        }
        if let points = validation.integer(object, "fee_basis_points", at: path, in: 0...10_000, required: false) {
            configuration.feeBasisPoints = points
        }
        return configuration
    }
}
