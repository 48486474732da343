import Foundation
import SandboxSupport
/// Collects every problem with a request body, so one 400 names all the fields at fault.
struct Validation {
    private(set) var errors: [FieldError] = []

    var isValid: Bool { errors.isEmpty }

    mutating func fail(_ field: String, _ description: String) {
        errors.append(FieldError(field, description))
    }

    /// Throws a 400 listing every collected error, if there is any.
    func check() throws(APIError) {
        if !errors.isEmpty { throw .validation(errors) }
    }

    /// A required object member `key` of `object`, which must be a JSON object.
    mutating func object(_ object: JSONValue?, _ key: String, at path: String, required: Bool = true) -> JSONValue? {
        let field = Self.join(path, key)
        guard let value = object?[key], !value.isNull else {
            if required { fail(field, "is required") }
            return nil
        }
        guard case .object = value else {
            fail(field, "expected an object, got \(value.typeName)")
            return nil
        }
        return value
    }

    /// A string member; when `required`, a missing or empty string is an error.
    mutating func string(_ object: JSONValue?, _ key: String, at path: String, required: Bool = true) -> String? {
        let field = Self.join(path, key)
        guard let value = object?[key], !value.isNull else {
            if required { fail(field, "is required") }
            return nil
        }
        guard let text = value.stringValue else {
            fail(field, "expected a string, got \(value.typeName)")
            return nil
        }
        if required, text.trimmingWhitespace().isEmpty {
            fail(field, "must not be empty")
            return nil
        }
        return text
    }

    /// An integer member within `range`.
    mutating func integer(
        _ object: JSONValue?, _ key: String, at path: String, in range: ClosedRange<Int>? = nil, required: Bool = true
    ) -> Int? {
        let field = Self.join(path, key)
        guard let value = object?[key], !value.isNull else {
            if required { fail(field, "is required") }
            return nil
        }
        guard case .int = value, let number = value.intValue else {
            fail(
                field,
                "expected an integer, got \(value.typeName == "integer" ? "an integer out of range" : value.typeName)")
            return nil
        }
        if let range, !range.contains(number) {
            fail(field, "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            return nil
        }
        return number
    }

    /// A number member (integer or decimal) within `range`.
    mutating func number(
        _ object: JSONValue?, _ key: String, at path: String, in range: ClosedRange<Double>? = nil,
        required: Bool = true
    ) -> Double? {
        let field = Self.join(path, key)
        guard let value = object?[key], !value.isNull else {
            if required { fail(field, "is required") }
            return nil
        }
        guard let number = value.doubleValue else {
            fail(field, "expected a number, got \(value.typeName)")
            return nil
        }
        if let range, !range.contains(number) {
            fail(field, "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            return nil
        }
        return number
    }

    /// An array member.
    mutating func array(_ object: JSONValue?, _ key: String, at path: String, required: Bool = true) -> [JSONValue]? {
        let field = Self.join(path, key)
        guard let value = object?[key], !value.isNull else {
            if required { fail(field, "is required") }
            return nil
        }
        guard let items = value.arrayValue else {
            fail(field, "expected an array, got \(value.typeName)")
            return nil
        }
        return items
    }

    /// A boolean member.
    mutating func boolean(_ object: JSONValue?, _ key: String, at path: String) -> Bool? {
        guard let value = object?[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else {
            fail(Self.join(path, key), "expected a boolean, got \(value.typeName)")
            return nil
        }
        return flag
    }

    /// A string member that must be one of `allowed`.
    mutating func oneOf(_ object: JSONValue?, _ key: String, at path: String, _ allowed: [String]) -> String? {
        guard let text = string(object, key, at: path, required: false) else { return nil }
        guard allowed.contains(text) else {
            fail(Self.join(path, key), "must be one of \(allowed.joined(separator: ", ")), got \"\(text)\"")
            return nil
        }
        return text
    }

    /// An absolute `http` or `https` URL member.
    mutating func url(_ object: JSONValue?, _ key: String, at path: String, required: Bool) -> String? {
        guard let text = string(object, key, at: path, required: required) else { return nil }
        guard URLParts(text) != nil else {
            fail(Self.join(path, key), "expected an absolute http(s) URL, got \"\(text)\"")
            return nil
        }
        return text
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}
