import Foundation
import KraviaEngine

/// `--mode journal`: what the journal keeps per request, over `--requests` small GETs of a transaction
/// (unbounded journal): resident memory (/proc/self/statm, after malloc_trim) before and after,
/// per request, and the same less the response body the journal keeps by design (unless the entries share it).
enum JournalMemoryMode {
    static func run(_ options: BenchOptions) {
        let requests = options.journalRequests
        print(
            "== journal: memory per recorded request over \(requests) small GETs (in-process sandbox, unbounded journal)"
        )
        let target = InProcessSandbox()
        let sample = target.sampleTransaction()
        let path = "/v1/transactions/\(sample.transactionId)"
        let probe = BenchClient(port: target.port)
        guard let answer = probe.send("GET", path, headers: sample.authorization), answer.status == 200 else {
            Report.fail("GET \(path) failed")
        }
        let bodyBytes = answer.body.count
        // Warm-up: server threads, connection buffers and the journal's first growth are not per-request costs.
        let connections = 4
        _ = send(requests: 5_000, connections: connections, port: target.port, path: path, sample.authorization)
        let before = ProcessStats.read()
        let started = LoadGenerator.now()
        let errors = send(
            requests: requests, connections: connections, port: target.port, path: path, sample.authorization)
        let seconds = LoadGenerator.now() - started
        let after = ProcessStats.read()
        let rssPerRequest = Double(after.residentBytes - before.residentBytes) / Double(requests)
        print(
            String(format: "%d GETs in %.1f s, %d errors; response body %d bytes", requests, seconds, errors, bodyBytes)
        )
        // A GET answers with the transaction's cached JSON, which every entry shares rather than copies: then
        // the whole per-request figure is beyond the body.
        let beyond =
            rssPerRequest < Double(bodyBytes)
            ? "all of it beyond the body, which entries share with the transaction's cached JSON"
            : String(format: "%.0f beyond the body", rssPerRequest - Double(bodyBytes))
        print(
            String(
                format: "resident: %.1f -> %.1f MiB = %.0f bytes/request (%@)",
                Double(before.residentBytes) / 1_048_576, Double(after.residentBytes) / 1_048_576, rssPerRequest,
                beyond))
        target.stop()
    }

    /// Sends exactly `requests` GETs over `connections` keep-alive connections; returns the errors.
    private static func send(
        requests: Int, connections: Int, port: Int, path: String, _ headers: [(String, String)]
    ) -> Int {
        let errors = Locked(0)
        let group = DispatchGroup()
        for index in 0..<connections {
            let share = requests / connections + (index < requests % connections ? 1 : 0)
            group.enter()
            Thread {
                let client = BenchClient(port: port)
                var failed = 0
                for _ in 0..<share where client.send("GET", path, headers: headers)?.status != 200 { failed += 1 }
                errors.withLock { $0 += failed }
                group.leave()
            }.start()
        }
        group.wait()
        return errors.withLock { $0 }
    }
}
