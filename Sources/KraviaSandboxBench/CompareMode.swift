import Foundation
import SandboxHTTP

/// `--mode compare`: the same load generator against our own fixed response and other servers, for scale. Our GET
/// of a transaction against our transport's fixed response is the engine's cost. localstripe (a Stripe fake in
/// Python, `--localstripe-url`): GET of a payment intent against our GET of a transaction; nginx
/// (`--nginx-url`, a fixed response): against our transport serving a fixed response. `.ci/bench-compare`
/// installs and starts both.
///
/// The targets take turns, round after round, at each connection count, and each is summed up by its median
/// round: on a shared machine the load around one five-second run says little, around all of them much more.
enum CompareMode {
    /// One server under test and the request it is asked again and again.
    private struct Target {
        var label: String
        var host: String
        var port: Int
        var path: String
        var headers: [(String, String)] = []
    }

    static func run(_ options: BenchOptions) {
        print(
            "== compare: same load generator, keep-alive, \(options.duration) s per run, \(options.rounds) rounds, "
                + "medians")
        let sandbox = InProcessSandbox()
        let sample = sandbox.sampleTransaction()
        let fixed: HTTPServer
        do { fixed = try FixedResponseServer.start(port: 0) } catch {
            Report.fail("cannot start the fixed server: \(error)")
        }
        // Every target, and each comparison as (ours, theirs, their name in the ratio line) by index. Our GET
        // against our fixed response in the same rounds is the engine's cost over its transport.
        var targets = [
            Target(
                label: "ours: GET transaction", host: "127.0.0.1", port: sandbox.port,
                path: "/v1/transactions/\(sample.transactionId)", headers: sample.authorization),
            Target(label: "ours: fixed response", host: "127.0.0.1", port: fixed.port, path: "/"),
        ]
        var comparisons: [(ours: Int, theirs: Int, name: String)] = [(0, 1, "fixed (engine/transport)")]
        if let url = options.localstripeURL {
            targets.append(localstripe(url))
            comparisons.append((0, targets.count - 1, "localstripe"))
        } else {
            print("localstripe: skipped (no --localstripe-url; .ci/bench-compare starts it)")
        }
        if let url = options.nginxURL, let (host, port, path) = split(url) {
            targets.append(Target(label: "nginx: fixed response", host: host, port: port, path: path))
            comparisons.append((1, targets.count - 1, "nginx"))
        } else {
            print("nginx: skipped (no --nginx-url; .ci/bench-compare starts it)")
        }
        for count in [1, 64] {
            var rounds = Array(repeating: [LoadGenerator.Result](), count: targets.count)
            for _ in 0..<options.rounds {
                for (index, target) in targets.enumerated() {
                    rounds[index].append(
                        LoadGenerator(
                            host: target.host, port: target.port, path: target.path, connections: count,
                            duration: options.duration, keepAlive: true, headers: target.headers
                        ).run())
                }
            }
            let medians = rounds.map(median)
            for (index, target) in targets.enumerated() {
                let spread = rounds[index].map { String(format: "%.0f", $0.requestsPerSecond) }.joined(separator: " ")
                print(
                    "\(target.label.padding(toLength: 32, withPad: " ", startingAt: 0))"
                        + "\(String(format: "%3d", count)) conn: \(Report.line(medians[index]))  rounds \(spread)")
            }
            for comparison in comparisons {
                ratio(medians[comparison.ours], medians[comparison.theirs], comparison.name, count)
            }
        }
        fixed.stop()
        fixed.waitUntilStopped()
        sandbox.stop()
    }

    /// A payment intent created at `url`, and the GET of it.
    private static func localstripe(_ url: String) -> Target {
        guard let (host, port, _) = split(url) else { Report.fail("--localstripe-url: expected http://host:port") }
        let key = [("Authorization", "Bearer sk_test_bench")]
        let created = BenchClient(host: host, port: port).send(
            "POST", "/v1/payment_intents", headers: key + [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("amount=50000&currency=nok".utf8))
        guard let created, created.status == 200, let id = created.string("id") else {
            Report.fail(
                "localstripe: creating a payment intent answered \(created?.status ?? 0) "
                    + String(decoding: created?.body ?? [], as: UTF8.self))
        }
        return Target(
            label: "localstripe: GET payment intent", host: host, port: port, path: "/v1/payment_intents/\(id)",
            headers: key)
    }

    /// The round with the median throughput (the lower middle one of an even count).
    private static func median(_ results: [LoadGenerator.Result]) -> LoadGenerator.Result {
        let sorted = results.sorted { $0.requestsPerSecond < $1.requestsPerSecond }
        return sorted[(sorted.count - 1) / 2]
    }

    private static func ratio(
        _ ours: LoadGenerator.Result, _ theirs: LoadGenerator.Result, _ name: String, _ count: Int
    ) {
        guard theirs.requestsPerSecond > 0 else { return }
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
