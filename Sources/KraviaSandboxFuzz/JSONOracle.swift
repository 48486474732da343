#if canImport(KraviaEngine)
    import KraviaEngine
#endif
import Foundation
import SandboxSupport

/// The properties every byte string must keep when fed to `JSONParser.parse`: it is a value or a
/// `Failure` whose offset lies inside the input (never a trap), and a value survives serializing and
/// parsing again unchanged, with the serialization itself stable.
public enum JSONOracle {
    /// Checks every property for `bytes`.
    /// - Returns: the parsed value, or nil when the bytes are not JSON.
    @discardableResult
    public static func check(_ bytes: [UInt8]) throws(FuzzFinding) -> JSONValue? {
        let value: JSONValue
        do throws(JSONParser.Failure) {
            value = try JSONParser.parse(bytes)
        } catch {
            guard error.offset >= 0, error.offset <= bytes.count else {
                throw FuzzFinding("json", "failure offset \(error.offset) outside \(bytes.count) bytes: \(error)")
            }
            return nil
        }
        let serialized = JSONSerializer.data(value)
        let reparsed: JSONValue
        do throws(JSONParser.Failure) {
            reparsed = try JSONParser.parse(serialized)
        } catch {
            throw FuzzFinding(
                "json", "serialized value does not parse (\(error)): \(String(decoding: serialized, as: UTF8.self))")
        }
        guard sameValue(value, reparsed) else {
            throw FuzzFinding("json", "round trip changed the value: \(String(decoding: serialized, as: UTF8.self))")
        }
        guard JSONSerializer.data(reparsed) == serialized else {
            throw FuzzFinding("json", "serialization is not stable: \(String(decoding: serialized, as: UTF8.self))")
        }
        return value
    }

    /// Equality where numbers compare by value: `1.0` may come back as the integer `1`.
    static func sameValue(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): Double(a) == b
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { sameValue($0, $1) }
        case (.object(let a), .object(let b)):
            a.count == b.count && a.allSatisfy { key, value in b[key].map { sameValue(value, $0) } ?? false }
        default: lhs == rhs
        }
    }
}
