import Foundation
import SandboxHTTP
import SandboxSupport

extension CallbackDelivery {
    /// The delivery as `GET /__sandbox/callbacks` lists it, attempts oldest first.
    var json: JSONValue {
        .object(dropping: [
            "id": .string(id),
            "account_id": .string(accountId),
            "transaction_id": transactionId.map(JSONValue.string),
            "session_id": .string(sessionId),
            "merchant_reference": .string(merchantReference),
            "url": .string(url),
            "method": .string(method),
            "body": body.map { .string(String(decoding: $0, as: UTF8.self)) },
            "trigger": .string(trigger.rawValue),
            "subscription_id": webhook.map { .string($0.subscriptionId) },
            "webhook_event": webhook.map { .string($0.event.rawValue) },
            "event": event.map { .string($0.rawValue) },
            "event_id": eventId.map(JSONValue.string),
            "error": error.map(JSONValue.string),
            "state": .string(state.rawValue),
            "created_at": .string(createdAt.iso8601),
            "next_attempt_at": nextAttemptAt.map { .string($0.iso8601) },
            "attempts": .array(attempts.map(\.json)),
        ])
    }
}

extension CallbackAttempt {
    /// One attempt: what was sent, what came back, and when the retry is due.
    var json: JSONValue {
        .object(dropping: [
            "attempt": JSONValue(number),
            "time": .string(sandboxTime.iso8601),
            "wall_time": .string(wallTime.iso8601),
            "url": .string(url),
            "method": .string(method),
            "request_headers": Self.json(requestHeaders),
            "request_body": requestBody.isEmpty ? nil : .string(String(decoding: requestBody, as: UTF8.self)),
            "response_status": status.map { JSONValue($0) },
            "response_headers": Self.json(responseHeaders),
            "response_body": .string(String(decoding: responseBody, as: UTF8.self)),
            "duration_ms": .double(durationMilliseconds),
            "error": error.map(JSONValue.string),
            "next_attempt_at": nextAttemptAt.map { .string($0.iso8601) },
        ])
    }

    /// Header fields as an object; repeated names are joined with `, ` as HTTP allows.
    private static func json(_ headers: HTTPHeaders) -> JSONValue {
        var members: JSONObject = [:]
        for field in headers {
            let name = field.name.lowercased()
            members[name] = .string(members[name]?.stringValue.map { $0 + ", " + field.value } ?? field.value)
        }
        return .object(members)
    }
}
