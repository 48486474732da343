import Foundation

/// `--mode compare`: the same load generator against other servers, for scale. localstripe (a Stripe fake in
/// Python, `--localstripe-url`): GET of a payment intent against our GET of a transaction; nginx
/// (`--nginx-url`, a fixed response): against our small GET. `.ci/bench-compare` installs and starts both.
enum CompareMode {
    static func run(_ options: BenchOptions) {
        print("== compare: same load generator, keep-alive, \(options.duration) s per run")
        let target = InProcessSandbox()
        let sample = target.sampleTransaction()
        let connections = [1, 64]
        var ours: [Int: LoadGenerator.Result] = [:]
        for count in connections {
            let result = LoadGenerator(
                host: "127.0.0.1", port: target.port, path: "/v1/transactions/\(sample.transactionId)",
                connections: count, duration: options.duration, keepAlive: true, headers: sample.authorization
            ).run()
            ours[count] = result
            print("ours: GET transaction           \(String(format: "%3d", count)) conn: \(Report.line(result))")
        }
        target.stop()
        if let url = options.localstripeURL, let (host, port, _) = split(url) {
            let client = BenchClient(host: host, port: port)
            let key = [("Authorization", "Bearer sk_test_bench")]
            let created = client.send(
                "POST", "/v1/payment_intents", headers: key + [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("amount=50000&currency=nok".utf8))
            guard let created, created.status == 200, let id = created.string("id") else {
                Report.fail(
                    "localstripe: creating a payment intent answered \(created?.status ?? 0) "
                        + String(decoding: created?.body ?? [], as: UTF8.self))
            }
            for count in connections {
                let result = LoadGenerator(
                    host: host, port: port, path: "/v1/payment_intents/\(id)", connections: count,
                    duration: options.duration, keepAlive: true, headers: key
                ).run()
                print("localstripe: GET payment intent \(String(format: "%3d", count)) conn: \(Report.line(result))")
                ratio(ours[count], result, "localstripe", count)
            }
        } else {
            print("localstripe: skipped (no --localstripe-url; .ci/bench-compare starts it)")
        }
        if let url = options.nginxURL, let (host, port, path) = split(url) {
            for count in connections {
                let result = LoadGenerator(
                    host: host, port: port, path: path, connections: count, duration: options.duration,
                    keepAlive: true
                ).run()
                print("nginx: fixed response          \(String(format: "%3d", count)) conn: \(Report.line(result))")
                ratio(ours[count], result, "nginx", count)
            }
        } else {
            print("nginx: skipped (no --nginx-url; .ci/bench-compare starts it)")
        }
    }

    private static func ratio(
        _ ours: LoadGenerator.Result?, _ theirs: LoadGenerator.Result, _ name: String, _ count: Int
    ) {
        guard let ours, theirs.requestsPerSecond > 0 else { return }
        print(
            String(
                format: "  ratio ours/%@ at %d conn: %.2fx throughput, p50 %.2fx lower", name, count,
                ours.requestsPerSecond / theirs.requestsPerSecond,
                Double(theirs.histogram.percentile(0.5)) / Double(max(ours.histogram.percentile(0.5), 1))))
    }

    private static func split(_ url: String) -> (String, Int, String)? {
        guard let components = URLComponents(string: url), components.scheme == "http", let host = components.host
        else { return nil }
        return (host, components.port ?? 80, components.path.isEmpty ? "/" : components.path)
    }
}
