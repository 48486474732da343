import SandboxHTTP
import SandboxSupport

/// One problem with one field of a request, as Dintero lists them in `error.errors[]`.
package struct FieldError: Sendable, Equatable {
    /// The field's path in the request, e.g. `order.items[0].amount` or `billing_address.email`.
    package var field: String
    /// What is wrong with it and what was expected.
    package var description: String

    /// Creates a field error.
    package init(_ field: String, _ description: String) {
        self.field = field
        self.description = description
    }

    var json: JSONValue { ["field": .string(field), "description": .string(description)] }
}

/// An error answer in Dintero's shape: `{"error": {"code", "message", "errors": [...]}}` with its status.
package struct APIError: Error, Sendable, Equatable {
    /// The HTTP status.
    package var status: Int
    /// A machine-readable code, e.g. `INVALID_REQUEST_PARAMETER`.
    package var code: String
    /// A sentence for people.
    package var message: String
    /// The fields at fault, when the request was invalid.
    package var errors: [FieldError]
    /// Extra response headers, e.g. `Allow` on a 405.
    package var headers: [(String, String)] = []
    /// Members beside `error` at the top of the body, e.g. the pay endpoints' `success: false`.
    package var siblings: JSONObject = [:]

    /// Creates an error answer.
    package init(status: Int, code: String, message: String, errors: [FieldError] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
    }

    /// The body as JSON.
    package var json: JSONValue {
        var body = siblings
        body["error"] = ["code": .string(code), "message": .string(message), "errors": .array(errors.map(\.json))]
        return .object(body)
    }

    /// Equal when status, code, message and field errors are; headers do not count.
    package static func == (lhs: APIError, rhs: APIError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message && lhs.errors == rhs.errors
    }
}

extension APIError {
    /// 400: the request is well-formed JSON but some fields are missing or wrong.
    package static func validation(_ errors: [FieldError]) -> APIError {
        let summary = errors.prefix(3).map { "\($0.field): \($0.description)" }.joined(separator: "; ")
        return APIError(
            status: 400, code: "INVALID_REQUEST_PARAMETER",
            message: "Invalid request" + (summary.isEmpty ? "" : ": " + summary) + (errors.count > 3 ? "; ..." : ""),
            errors: errors)
    }

    /// 400 for a single field.
    package static func invalid(_ field: String, _ description: String) -> APIError {
        validation([FieldError(field, description)])
    }

    /// 400 for a body that is not JSON at all.
    package static func malformedJSON(_ reason: String) -> APIError {
        APIError(
            status: 400, code: "INVALID_REQUEST_BODY", message: "Request body is not valid JSON: \(reason)",
            errors: [FieldError("body", reason)])
    }

    /// 401: no token, an unknown token or an expired one.
    package static func unauthorized(_ message: String = "Access forbidden, invalid JWT token was used") -> APIError {
        APIError(status: 401, code: "UNAUTHORIZED", message: message)
    }

    /// 403: a valid token used on another account's path.
    package static func forbidden(_ message: String) -> APIError {
        APIError(status: 403, code: "FORBIDDEN", message: message)
    }

    /// 404: no such object (or not this account's).
    package static func notFound(_ message: String) -> APIError {
        APIError(status: 404, code: "NOT_FOUND", message: message)
    }

    /// 405 with the methods the path does accept.
    package static func methodNotAllowed(_ method: String, allowed: [String]) -> APIError {
        var error = APIError(
            status: 405, code: "METHOD_NOT_ALLOWED",
            message: "\(method) is not allowed here; use \(allowed.joined(separator: ", "))")
        error.headers = [("Allow", allowed.joined(separator: ", "))]
        return error
    }

    /// 409: the object's state does not allow the operation.
    package static func conflict(_ message: String, code: String = "CONFLICT") -> APIError {
        APIError(status: 409, code: code, message: message)
    }

    /// 415: a body that is not declared as JSON.
    package static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(
            status: 415, code: "UNSUPPORTED_MEDIA_TYPE",
            message: "Content-Type \(contentType) is not supported; send application/json")
    }

    /// 429: as many long polls (journal awaits, dashboard live updates) are waiting as the sandbox holds at once.
    static func tooManyAwaits(_ waiting: Int) -> APIError {
        var error = APIError(
            status: 429, code: "TOO_MANY_REQUESTS",
            message: "\(waiting) journal awaits are waiting already, the most the sandbox holds at once; "
                + "ask again when one has answered")
        error.headers = [("Retry-After", "1")]
        return error
    }

    /// 500: a bug in the sandbox.
    package static func internalError(_ message: String) -> APIError {
        APIError(status: 500, code: "INTERNAL_ERROR", message: message)
    }
}

extension APIError {
    /// The error as Dintero answers it: its JSON body, status and headers.
    var response: HTTPResponse {
        var response = HTTPResponse.json(json, status: status)
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }
}
