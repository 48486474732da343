// Interim stand-ins for the support branch (Timestamp, CivilDate, IdentifierGenerator); removed when it merges.
import Foundation
import Synchronization

public struct Timestamp: Sendable, Hashable, Comparable, Codable {
    public var milliseconds: Int64
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }
    public var unixSeconds: Int64 { milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000 }
    public var civilDate: CivilDate {
        let days = Int(unixSeconds >= 0 ? unixSeconds / 86400 : (unixSeconds - 86399) / 86400)
        return CivilDate(daysSinceEpoch: days)
    }
    public var iso8601: String {
        let date = civilDate
        let msOfDay = Int(milliseconds - Int64(date.daysSinceEpoch) * 86_400_000)
        let h = msOfDay / 3_600_000, m = msOfDay / 60000 % 60, s = msOfDay / 1000 % 60, ms = msOfDay % 1000
        func pad(_ v: Int, _ n: Int) -> String { let t = String(v); return String(repeating: "0", count: max(0, n - t.count)) + t }
        return "\(date)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }
    public init?(iso8601: String) {
        let parts = iso8601.split(separator: "T", maxSplits: 1)
        guard let date = CivilDate(String(parts[0])) else { return nil }
        var ms = Int64(date.daysSinceEpoch) * 86_400_000
        if parts.count == 2 {
            var time = String(parts[1])
            guard time.hasSuffix("Z") else { return nil }
            time.removeLast()
            let hms = time.split(separator: ":")
            guard hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), let s = Double(hms[2]) else { return nil }
            ms += Int64(h) * 3_600_000 + Int64(m) * 60000 + Int64((s * 1000).rounded())
        }
        self.milliseconds = ms
    }
}

public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }
    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
    public init?(_ string: String) {
        let p = string.split(separator: "-")
        guard p.count == 3, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), (1...12).contains(m), (1...31).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
    }
    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String { let t = String(v); return String(repeating: "0", count: max(0, n - t.count)) + t }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }
    public var startOfDay: Timestamp { Timestamp(milliseconds: Int64(daysSinceEpoch) * 86_400_000) }
}

public final class IdentifierGenerator: Sendable {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
    private let state: Mutex<UInt64>
    public init(seed: UInt64?) { state = Mutex(seed ?? UInt64.random(in: 0...UInt64.max)) }
    private func next() -> UInt64 {
        state.withLock { s in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
    public func token(length: Int) -> String { String((0..<length).map { _ in Self.alphabet[Int(next() % 58)] }) }
    public func checkoutId(account: String) -> String { "\(account).\(token(length: 22))" }
    public func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(next() % 10)) }) }
    public func uuid() -> String {
        let hex = (0..<32).map { _ in String(next() % 16, radix: 16) }.joined()
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
    }
    public func reset(seed: UInt64?) { state.withLock { $0 = seed ?? UInt64.random(in: 0...UInt64.max) } }
}

public enum InvoiceInterval: String, Sendable, Codable { case monthly, quarterly }

public enum InvoiceSchedule {
    public static func standard(purchase: CivilDate, daysUntilDue: Int) -> (issue: CivilDate, due: CivilDate) {
        (purchase, purchase.adding(days: daysUntilDue))
    }
    public static func grouped(purchase: CivilDate, interval: InvoiceInterval, daysUntilDue: Int) -> (periodStart: CivilDate, periodEnd: CivilDate, issue: CivilDate, due: CivilDate) {
        let startMonth = interval == .monthly ? purchase.month : (purchase.month - 1) / 3 * 3 + 1
        let start = CivilDate(year: purchase.year, month: startMonth, day: 1)
        let span = interval == .monthly ? 1 : 3
        let nextMonth = startMonth + span
        var first = nextMonth > 12 ? CivilDate(year: purchase.year + 1, month: nextMonth - 12, day: 1) : CivilDate(year: purchase.year, month: nextMonth, day: 1)
        let end = first.adding(days: -1)
        let weekday = ((first.daysSinceEpoch % 7) + 7 + 3) % 7 + 1
        if weekday == 6 { first = first.adding(days: 2) } else if weekday == 7 { first = first.adding(days: 1) }
        return (start, end, first, first.adding(days: daysUntilDue))
    }
}
