import KraviaEngine
import Foundation
import SandboxHTTP
import SandboxSupport

extension ControlCall where Result == String {
    static func accessToken(_ credentials: SandboxServer.Credentials, baseURL: String) -> Self {
        Self { connection throws(SandboxServerError) in
            let basic = Data("\(credentials.clientId):\(credentials.clientSecret)".utf8).base64EncodedString()
            let body = try connection.expect(
                200, "POST", "/v1/accounts/\(credentials.accountId)/auth/token",
                json: [
                    "grant_type": "client_credentials",
                    "audience": .string("\(baseURL)/v1/accounts/\(credentials.accountId)"),
                ], headers: ["Authorization": "Basic " + basic])
            guard let token = body["access_token"]?.stringValue else {
                throw .unexpectedStatus(method: "POST", path: "auth/token", status: 200, body: body)
            }
            return token
        }
    }
}

extension ControlCall where Result == CompletedCheckout {
    static func complete(
        session: String, paymentProductType: String?, billingAddress: JSONValue?, identity: IdentityOutcome,
        scenario: String?
    ) -> Self {
        let body = JSONValue.object(dropping: [
            "payment_product_type": paymentProductType.map(JSONValue.string), "billing_address": billingAddress,
            "identity": .string(identity.rawValue), "scenario": scenario.map(JSONValue.string),
        ])
        return Self { connection throws(SandboxServerError) in
            CompletedCheckout(
                try connection.expect(200, "POST", "/__sandbox/sessions/\(escape(session))/complete", json: body))
        }
    }
}

extension ControlCall where Result == [JournalRecord] {
    static func awaitJournal(_ query: JournalQuery, count: Int, timeout: Duration) -> Self {
        let milliseconds = Int(min(timeout, .seconds(60)).milliseconds)
        return Self { connection throws(SandboxServerError) in
            let answer = try connection.send(
                "POST", "/__sandbox/journal/await",
                json: ["filter": query.json, "count": .int(Int64(count)), "timeout_ms": .int(Int64(milliseconds))],
                timeoutMilliseconds: milliseconds + 30_000)
            switch answer.status {
            case 200: return (answer.body["entries"]?.arrayValue ?? []).map(JournalRecord.init)
            case 408: throw .awaitTimedOut(AwaitTimeout(answer.body))
            default:
                throw .unexpectedStatus(
                    method: "POST", path: "/__sandbox/journal/await", status: answer.status, body: answer.body)
            }
        }
    }

    static func journal(_ query: JournalQuery) -> Self {
        Self { connection throws(SandboxServerError) in
            let body = try connection.expect(200, "GET", "/__sandbox/journal" + query.queryString)
            return (body["entries"]?.arrayValue ?? []).map(JournalRecord.init)
        }
    }
}

extension ControlCall where Result == Data {
    static func exportJournal(format: String) -> Self {
        Self { connection throws(SandboxServerError) in
            let path = "/__sandbox/journal/export?format=" + FormEncoding.encode(format)
            let answer = try connection.send("GET", path)
            guard answer.status == 200 else {
                throw .unexpectedStatus(
                    method: "GET", path: "/__sandbox/journal/export", status: answer.status, body: answer.body)
            }
            return answer.data
        }
    }
}

extension ControlCall where Result == JSONValue {
    /// A request that must answer `status`; the body it answered.
    static func expect(_ status: Int, _ method: String, _ path: String, json: JSONValue? = nil) -> Self {
        Self { connection throws(SandboxServerError) in try connection.expect(status, method, path, json: json) }
    }

    static func clearJournal() -> Self { .expect(200, "DELETE", "/__sandbox/journal") }

    static func advanceClock(by duration: String) -> Self {
        .expect(200, "POST", "/__sandbox/clock", json: ["advance": .string(duration)])
    }

    static func setClock(to instant: String) -> Self {
        .expect(200, "POST", "/__sandbox/clock", json: ["set": .string(instant)])
    }

    static func reset(account: String?) -> Self {
        .expect(200, "POST", "/__sandbox/reset" + (account.map { "?account=" + FormEncoding.encode($0) } ?? ""))
    }

    static func addAccount(_ credentials: SandboxServer.Credentials) -> Self {
        .expect(
            201, "POST", "/__sandbox/accounts",
            json: [
                "account_id": .string(credentials.accountId), "client_id": .string(credentials.clientId),
                "client_secret": .string(credentials.clientSecret),
            ])
    }

    static func health() -> Self { .expect(200, "GET", "/__sandbox/health") }
}

/// A path segment with `/` and everything else outside a path segment percent-encoded.
private func escape(_ segment: String) -> String {
    segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
        ?? segment
}
