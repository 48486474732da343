import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport
import Testing

/// `--seed N` with a frozen clock: the same script gives byte-identical responses.
@Suite struct DeterminismTests {
    /// Runs a full script against a fresh sandbox and returns every response as bytes (status, headers, body).
    static func runScript(seed: UInt64) -> [Data] {
        var transcript: [Data] = []
        var client = EngineClient(sandbox: Sandbox(configuration: .testing(seed: seed)))
        func record(_ result: (status: Int, body: JSONValue, response: HTTPResponse)) {
            var bytes = Data("\(result.status)\n".utf8)
            for field in result.response.headers { bytes += Data("\(field.name): \(field.value)\n".utf8) }
            transcript.append(bytes + result.response.body)
        }
        func send(_ method: String, _ path: String, _ json: JSONValue? = nil) -> JSONValue {
            let result = client.send(method, path, json: json)
            record(result)
            return result.body
        }
        func reauthenticate() {
            let basic = Data("sandbox:sandbox-secret".utf8).base64EncodedString()
            client.token = nil
            let result = client.send(
                "POST", "/v1/accounts/T12345678/auth/token", json: ["grant_type": "client_credentials"],
                headers: ["Authorization": "Basic " + basic])
            record(result)
            client.token = result.body["access_token"]?.stringValue
        }
        reauthenticate()
        var transactions: [String] = []
        for (index, scenario) in [
            "happy-path", "on-hold-then-captured", "partial-payment", "multiple-payments",
            "registration-failed", "bankid-failure", "api-faults", "unpaid", "callback-chaos",
        ].enumerated() {
            // No callback_url: deliveries run on background threads, and their timing is the wall clock's.
            var body = Samples.sessionProfileBody(amount: 10000 + index * 1111, reference: "order-\(index)")
            body["url"]?["callback_url"] = nil
            let session = send("POST", "/v1/sessions-profile", body)
            let id = session["id"]?.stringValue ?? ""
            let outcome = send(
                "POST", "/__sandbox/sessions/\(id)/complete",
                [
                    "payment_product_type": "kravia.invoice_b2b", "billing_address": Samples.businessAddress,
                    "identity": "approve", "scenario": .string(scenario),
                ])
            if let transaction = outcome["transaction"]?["id"]?.stringValue { transactions.append(transaction) }
        }
        _ = send("POST", "/v1/transactions/\(transactions[5])/refund", ["amount": 500])
        _ = send("POST", "/v1/transactions/\(transactions[5])/refund", ["amount": 500])
        _ = send("POST", "/__sandbox/clock", ["advance": "PT2H"])
        reauthenticate()
        let unpaid = send("GET", "/v1/transactions/\(transactions[6])")
        let number = unpaid["metadata"]?["kravia:invoice_number"]?.stringValue ?? ""
        _ = send("POST", "/__sandbox/invoices/\(number)/payments", ["amount": 4000])
        _ = send("POST", "/v1/transactions/\(transactions[0])/refund", ["amount": 2500, "reason": "damaged"])
        _ = send("POST", "/__sandbox/clock", ["advance": "P1M"])
        reauthenticate()
        _ = send("POST", "/__sandbox/invoices/\(number)/payments", ["amount": 100])
        _ = send("POST", "/__sandbox/clock", ["set": "2027-06-01T00:00:00Z"])
        reauthenticate()
        _ = send("GET", "/v1/transactions?limit=100")
        _ = send("GET", "/v1/sessions?limit=100")
        _ = send("GET", "/__sandbox/invoices/\(number)")
        _ = send("GET", "/__sandbox/clock")
        _ = send("GET", "/__sandbox/scenarios")
        return transcript
    }

    @Test func twoRunsOfOneScriptAreByteForByteIdentical() {
        let first = Self.runScript(seed: 7)
        let second = Self.runScript(seed: 7)
        #expect(first.count == second.count)
        for (index, (a, b)) in zip(first, second).enumerated() {
            #expect(
                a == b,
                "response \(index) differs:\n\(String(decoding: a, as: UTF8.self))\n---\n\(String(decoding: b, as: UTF8.self))"
            )
        }
        // The script exercised what it claims: settlements happened, and the transcript is not trivially empty.
        let list = String(decoding: first[first.count - 5], as: UTF8.self)
        #expect(list.contains("\"SETTLED\""))
        #expect(list.contains("\"PARTIALLY_REFUNDED\""))
    }

    /// A test that polls until something happens makes a different number of requests on each run; the ids of
    /// what it creates afterwards are still the same (request ids have a stream of their own).
    @Test func pollingDoesNotShiftTheIdsOfWhatIsCreatedNext() {
        func sessionId(afterPolls polls: Int) -> String? {
            var client = EngineClient(sandbox: Sandbox(configuration: .testing(seed: 7)))
            client.authenticate()
            for _ in 0..<polls { _ = client.send("GET", "/__sandbox/health") }
            var body = Samples.sessionProfileBody(amount: 10000, reference: "poll")
            body["url"]?["callback_url"] = nil
            return client.send("POST", "/v1/sessions-profile", json: body).body["id"]?.stringValue
        }
        let unpolled = sessionId(afterPolls: 0)
        #expect(unpolled != nil)
        #expect(sessionId(afterPolls: 1) == unpolled)
        #expect(sessionId(afterPolls: 25) == unpolled)
    }

    @Test func anotherSeedGivesOtherIds() {
        #expect(Self.runScript(seed: 7)[1] != Self.runScript(seed: 8)[1])
    }
}
