import Foundation
import SandboxHTTP
import SandboxSupport

extension CallbackDelivery: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("id", id)
        try sink.write("sequence", sequence)
        try sink.write("accountId", accountId)
        try sink.write("transactionId", transactionId)
        try sink.write("sessionId", sessionId)
        try sink.write("merchantReference", merchantReference)
        try sink.write("url", url)
        try sink.write("method", method)
        try sink.write("body", body)
        try sink.write("trigger", trigger)
        try sink.write("event", event)
        try sink.write("eventId", eventId)
        try sink.write("error", error)
        try sink.write("webhook", codable: webhook)
        try sink.write("signsWithWrongSecret", signsWithWrongSecret)
        try sink.write("createdAt", createdAt)
        try sink.write("state", state)
        try sink.write("attempts", list: attempts)
        try sink.write("nextAttemptAt", nextAttemptAt)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            id: try members.read("id"), sequence: try members.read("sequence"),
            accountId: try members.read("accountId"), transactionId: try members.readIfPresent("transactionId"),
            sessionId: try members.read("sessionId"), merchantReference: try members.read("merchantReference"),
            url: try members.read("url"), method: try members.read("method"), body: try members.readIfPresent("body"),
            trigger: try members.read("trigger"), event: try members.readIfPresent("event"),
            eventId: try members.readIfPresent("eventId"), error: try members.readIfPresent("error"),
            webhook: try members.codableIfPresent("webhook", WebhookTarget.self),
            signsWithWrongSecret: try members.read("signsWithWrongSecret", or: false),
            createdAt: try members.read("createdAt"), state: try members.read("state", or: .pending),
            attempts: try members.list("attempts"), nextAttemptAt: try members.readIfPresent("nextAttemptAt"))
    }
}

extension CallbackAttempt: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("number", number)
        try sink.write("sandboxTime", sandboxTime)
        try sink.write("wallTime", wallTime)
        try sink.write("url", url)
        try sink.write("method", method)
        try sink.write("requestHeaders", requestHeaders)
        try sink.write("requestBody", requestBody)
        try sink.write("status", status)
        try sink.write("responseHeaders", responseHeaders)
        try sink.write("responseBody", responseBody)
        try sink.write("durationMilliseconds", durationMilliseconds)
        try sink.write("error", error)
        try sink.write("nextAttemptAt", nextAttemptAt)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(
            number: try members.read("number"), sandboxTime: try members.read("sandboxTime"),
            wallTime: try members.read("wallTime"), url: try members.read("url"), method: try members.read("method"),
            requestHeaders: try members.read("requestHeaders"), requestBody: try members.read("requestBody"),
            status: try members.readIfPresent("status"), responseHeaders: try members.read("responseHeaders"),
            responseBody: try members.read("responseBody"),
            durationMilliseconds: try members.read("durationMilliseconds"), error: try members.readIfPresent("error"),
            nextAttemptAt: try members.readIfPresent("nextAttemptAt"))
    }
}

extension HTTPHeaders: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("fields", list: fields)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(try members.list("fields"))
    }
}

extension HTTPHeaders.Field: StoredValue {
    func write(to sink: ByteSink) throws {
        try sink.write("name", name)
        try sink.write("value", value)
    }

    init(stored blob: StoredBlob) throws {
        var members = blob.members
        self.init(name: try members.read("name"), value: try members.read("value"))
    }
}

extension CallbackDelivery.State: StoredValue {}
extension CallbackTrigger.Kind: StoredValue {}
