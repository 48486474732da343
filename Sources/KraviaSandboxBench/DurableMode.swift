import Foundation
import KraviaEngine
import SandboxHTTP

/// `--mode durable`: what `--data` costs. Checkout flows and GETs with a data folder against in memory, bytes on
/// disk per checkout, start-up replay of `--objects` transactions from the log and from a snapshot, and a
/// snapshot's time with GETs answered while it is written.
enum DurableMode {
    static func run(_ options: BenchOptions) {
        print("== durable: --data against in memory (group commit, fdatasync per write batch)")
        let folder = NSTemporaryDirectory() + "kravia-bench-durable-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        compareFlows(options, folder: folder + "/flows")
        if let kept = options.dataFolder {
            try? FileManager.default.removeItem(atPath: kept)
            replay(options, folder: kept)
        } else {
            replay(options, folder: folder + "/replay")
        }
    }

    /// Flows and GETs, in memory and durable taking turns for `--rounds` rounds (so a slow moment of the machine
    /// falls on both), each summed up by its median round.
    private static func compareFlows(_ options: BenchOptions, folder: String) {
        let receiver = CallbackReceiver()
        let callbackURL: String
        do { callbackURL = try receiver.start() } catch { Report.fail("receiver: \(error)") }
        defer { receiver.stop() }
        var durable = SandboxConfiguration()
        durable.dataDirectory = folder
        let targets = [("memory", InProcessSandbox()), ("--data", InProcessSandbox(configuration: durable))]
        defer { for (_, target) in targets { target.stop() } }
        for (_, target) in targets {
            _ = EndToEndMode.runFlows(
                target: target, receiver: receiver, callbackURL: callbackURL, concurrency: 2, duration: 1)
        }
        let loggedBefore = targets[1].1.sandbox.dataBytesLogged ?? 0
        var flowsDone = 0
        var flowRates: [String: [Int: [Double]]] = [:]
        var getRates: [String: [Int: [Double]]] = [:]
        for _ in 0..<options.rounds {
            for (name, target) in targets {
                for concurrency in options.flowConcurrency {
                    let result = EndToEndMode.runFlows(
                        target: target, receiver: receiver, callbackURL: callbackURL, concurrency: concurrency,
                        duration: options.duration)
                    if name == "--data" { flowsDone += result.flows }
                    flowRates[name, default: [:]][concurrency, default: []].append(
                        Double(result.flows) / result.seconds)
                    if result.errors > 0 { print("\(name) flows \(concurrency) concurrent: \(result.errors) errors") }
                }
                let sample = target.sampleTransaction()
                for connections in options.connections {
                    let result = LoadGenerator(
                        host: "127.0.0.1", port: target.port, path: "/v1/transactions/\(sample.transactionId)",
                        connections: connections, duration: options.duration, keepAlive: true,
                        headers: sample.authorization
                    ).run()
                    getRates[name, default: [:]][connections, default: []].append(result.requestsPerSecond)
                }
            }
        }
        let logged = (targets[1].1.sandbox.dataBytesLogged ?? 0) - loggedBefore
        print(
            String(
                format: "--data log bytes per checkout flow: %.0f (session, complete, callback attempt, GET, refund)",
                Double(logged) / Double(max(flowsDone, 1))))
        report(flowRates, label: "flows %2d concurrent", unit: "flows/s", counts: options.flowConcurrency)
        report(getRates, label: "GET transaction %3d conn", unit: "req/s", counts: options.connections)
    }

    /// Each target's median and rounds at each count, then the ratio of the medians.
    private static func report(_ rates: [String: [Int: [Double]]], label: String, unit: String, counts: [Int]) {
        for count in counts {
            var medians: [String: Double] = [:]
            for name in ["memory", "--data"] {
                let rounds = rates[name]?[count] ?? []
                let median = rounds.sorted()[(rounds.count - 1) / 2]
                medians[name] = median
                let spread = rounds.map { String(format: "%.0f", $0) }.joined(separator: " ")
                print(String(format: "%-6@ \(label): %7.0f \(unit) (median; rounds \(spread))", name, count, median))
            }
            print(
                String(
                    format: "\(label): --data / memory = %.2f", count,
                    (medians["--data"] ?? 0) / max(medians["memory"] ?? 1, 1)))
        }
    }

    /// Fills a durable sandbox with `--objects` transactions, then measures restarts and a snapshot.
    private static func replay(_ options: BenchOptions, folder: String) {
        let count = options.objects
        var configuration = SandboxConfiguration()
        configuration.dataDirectory = folder
        configuration.snapshotThreshold = .max
        configuration.journalLimit = 1
        var authorization: [(String, String)] = []
        do {
            let target = InProcessSandbox(configuration: configuration)
            let merchant = MerchantClient(port: target.port, name: "replay")
            do { try merchant.authenticate() } catch { Report.fail("token: \(error)") }
            authorization = merchant.authorization
            let headers = merchant.authorization
            let started = LoadGenerator.now()
            let workers = 32
            let group = DispatchGroup()
            let failures = Locked(0)
            for worker in 0..<workers {
                group.enter()
                let thread = Thread {
                    var failed = 0
                    for index in stride(from: worker, to: count, by: workers) {
                        if !ResetMode.checkout(target.sandbox, authorization: headers, index: index) {
                            failed += 1
                        }
                    }
                    failures.withLock { $0 += failed }
                    group.leave()
                }
                thread.stackSize = 512 * 1024
                thread.start()
            }
            group.wait()
            let filled = LoadGenerator.now() - started
            let bytes = target.sandbox.dataBytesLogged ?? 0
            print(
                String(
                    format:
                        "filled %d checkouts in %.1f s over %d threads (%d failed); log %.1f MiB, %.0f bytes per checkout",
                    count, filled, workers, failures.withLock { $0 }, Double(bytes) / 1_048_576,
                    Double(bytes) / Double(max(count, 1))))
            target.stop()
        }
        let fromLog = reopen(configuration, label: "start-up from the log alone")
        snapshotUnderLoad(fromLog, authorization: authorization)
        fromLog.stop()
        let fromSnapshot = reopen(configuration, label: "start-up from the snapshot")
        fromSnapshot.stop()
    }

    private static func reopen(_ configuration: SandboxConfiguration, label: String) -> InProcessSandbox {
        let started = LoadGenerator.now()
        let target = InProcessSandbox(configuration: configuration)
        let seconds = LoadGenerator.now() - started
        let figures = target.sandbox.replayFigures ?? (0, 0)
        print(
            String(
                format: "%@: %.2f s to answering (%d log records replayed, read and replay %.0f ms)", label, seconds,
                figures.records, figures.milliseconds))
        return target
    }

    /// A snapshot written while GETs keep coming: its time, and the GETs answered meanwhile with their worst wait.
    private static func snapshotUnderLoad(_ target: InProcessSandbox, authorization: [(String, String)]) {
        let sample = target.sampleTransaction()
        let done = Locked(false)
        let latencies = Locked(LatencyHistogram())
        let answered = Locked(0)
        let loader = Thread {
            let client = BenchClient(port: target.port)
            while !done.withLock({ $0 }) {
                let start = LoadGenerator.now()
                guard
                    client.send("GET", "/v1/transactions/\(sample.transactionId)", headers: sample.authorization)?
                        .status == 200
                else { continue }
                let micros = Int((LoadGenerator.now() - start) * 1e6)
                latencies.withLock { $0.record(microseconds: micros) }
                answered.withLock { $0 += 1 }
            }
        }
        loader.start()
        let started = LoadGenerator.now()
        do { try target.sandbox.writeSnapshot() } catch { Report.fail("snapshot: \(error)") }
        let seconds = LoadGenerator.now() - started
        done.withLock { $0 = true }
        let histogram = latencies.withLock { $0 }
        print(
            String(
                format: "snapshot of %.1f MiB written in %.0f ms",
                Double(target.sandbox.dataBytesOnDisk ?? 0) / 1_048_576, seconds * 1000)
                + "; meanwhile \(answered.withLock { $0 }) GETs answered, p50 "
                + Report.milliseconds(histogram.percentile(0.5)) + " p99 "
                + Report.milliseconds(histogram.percentile(0.99))
                + " max " + Report.milliseconds(histogram.percentile(1.0)))
    }
}
