import Foundation
import SandboxSupport
import SandboxHTTP

/// The fields of a form the dashboard posted (`application/x-www-form-urlencoded`), the first of each name.
struct DashboardActionForm {
    private var fields: [String: String] = [:]

    init(_ request: HTTPRequest) {
        for (name, value) in FormEncoding.parse(String(decoding: request.body, as: UTF8.self))
        where fields[name] == nil {
            fields[name] = value
        }
    }

    /// A field's value, nil when absent or blank.
    subscript(name: String) -> String? {
        guard let value = fields[name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    /// An amount typed in major units (`1234`, `1234.50`, `1 234,5`) as minor units; nil when absent, and
    /// `.failure` with what was typed when it is not an amount.
    func minorUnits(_ name: String) -> Result<Int?, AmountError> {
        guard let typed = self[name] else { return .success(nil) }
        let cleaned = typed.filter { $0 != " " && $0 != "\u{00A0}" }.replacingEvery(",", with: ".")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 100_000_000 else {
            return .failure(AmountError(typed: typed))
        }
        var cents = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), let value = Int(fraction), value >= 0 else {
                return .failure(AmountError(typed: typed))
            }
            cents = fraction.count == 1 ? value * 10 : value
        }
        return .success(whole * 100 + cents)
    }

    /// A typed amount that is not one.
    struct AmountError: Error {
        var typed: String
    }
}
