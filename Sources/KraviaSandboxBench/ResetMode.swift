import Foundation
import KraviaEngine
import SandboxHTTP

/// `--mode reset`: `POST /__sandbox/reset` over a socket with `--objects` sessions plus transactions held
/// (half each: one checkout makes a session and a transaction, and an invoice), and their journal entries.
enum ResetMode {
    static func run(_ options: BenchOptions) {
        let checkouts = options.objects / 2
        print("== reset: POST /__sandbox/reset holding \(checkouts) sessions + \(checkouts) transactions")
        let target = InProcessSandbox()
        let merchant = MerchantClient(port: target.port, name: "reset")
        do { try merchant.authenticate() } catch { Report.fail("token: \(error)") }
        let started = LoadGenerator.now()
        // Filled in-process: the same engine path as over HTTP, without spending a minute on sockets.
        let workers = 2
        let group = DispatchGroup()
        let failures = Locked(0)
        for worker in 0..<workers {
            group.enter()
            Thread {
                var failed = 0
                for index in stride(from: worker, to: checkouts, by: workers) {
                    if !checkout(target.sandbox, authorization: merchant.authorization, index: index) { failed += 1 }
                }
                failures.withLock { $0 += failed }
                group.leave()
            }.start()
        }
        group.wait()
        let filled = LoadGenerator.now() - started
        print(String(format: "filled in %.1f s (%d failed checkouts)", filled, failures.withLock { $0 }))
        let before = ProcessStats.read()
        let client = BenchClient(port: target.port)
        let resetStarted = LoadGenerator.now()
        let answer = client.send("POST", "/__sandbox/reset")
        let resetSeconds = LoadGenerator.now() - resetStarted
        let after = ProcessStats.read()
        guard answer?.status == 200 else { Report.fail("reset answered \(answer?.status ?? 0)") }
        let listed = client.send("GET", "/v1/transactions?limit=1", headers: merchant.authorization)
        print(
            String(format: "reset: %.1f ms", resetSeconds * 1000)
                + "; transactions after: \(listed.map { String(decoding: $0.body, as: UTF8.self) } ?? "?")")
        print(
            String(
                format: "resident before reset %.0f MiB, after %.0f MiB", Double(before.residentBytes) / 1_048_576,
                Double(after.residentBytes) / 1_048_576))
        target.stop()
    }

    /// One checkout in-process (session from the default profile, completed), calling back `callbackURL` if given.
    static func checkout(
        _ sandbox: Sandbox, authorization: [(String, String)], index: Int, callbackURL: String? = nil
    ) -> Bool {
        let callback = callbackURL.map { #", "callback_url": "\#($0)""# } ?? ""
        var headers = HTTPHeaders()
        for (name, value) in authorization { headers.add(name, value) }
        headers.add("Content-Type", "application/json")
        let create = sandbox.handle(
            HTTPRequest(
                method: "POST", target: "/v1/sessions-profile", headers: headers,
                body: Data(
                    """
                    {"profile_id": "default", "url": {"return_url": "https://shop.example/return"\(callback)},
                     "order": {"amount": 50000, "currency": "NOK", "vat_amount": 10000, "merchant_reference": "reset-\(index)",
                       "items": [{"line_id": "1", "description": "Consulting", "quantity": 1, "amount": 50000, "vat": 25}]}}
                    """.utf8)))
        guard create.status == 200, let id = BenchClient.Answer(status: 200, body: Array(create.body)).string("id")
        else { return false }
        let complete = sandbox.handle(
            HTTPRequest(
                method: "POST", target: "/__sandbox/sessions/\(id)/complete", headers: headers,
                body: Data(MerchantClient.completeBody.utf8)))
        return complete.status == 200
    }
}
