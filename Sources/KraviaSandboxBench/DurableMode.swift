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
        replay(options, folder: folder + "/replay")
    }

    /// Flows and GETs, in memory then durable, same load.
    private static func compareFlows(_ options: BenchOptions, folder: String) {
        let receiver = CallbackReceiver()
        let callbackURL: String
        do { callbackURL = try receiver.start() } catch { Report.fail("receiver: \(error)") }
        defer { receiver.stop() }
        var durable = SandboxConfiguration()
        durable.dataDirectory = folder
        var flowRates: [String: [Int: Double]] = [:]
        var getRates: [String: [Int: Double]] = [:]
        for (name, configuration) in [("memory", SandboxConfiguration()), ("--data", durable)] {
            let target = InProcessSandbox(configuration: configuration)
            _ = EndToEndMode.runFlows(
                target: target, receiver: receiver, callbackURL: callbackURL, concurrency: 2, duration: 1)
            let diskBefore = target.sandbox.dataBytesOnDisk ?? 0
            var flowsDone = 0
            for concurrency in options.flowConcurrency {
                let result = EndToEndMode.runFlows(
                    target: target, receiver: receiver, callbackURL: callbackURL, concurrency: concurrency,
                    duration: options.duration)
                flowsDone += result.flows
                let rate = Double(result.flows) / result.seconds
                flowRates[name, default: [:]][concurrency] = rate
                print(
                    String(format: "%-6@ flows %2d concurrent: %7.0f flows/s", name, concurrency, rate)
                        + "  p50 \(Report.milliseconds(result.flowLatency.percentile(0.5)))"
                        + "  p99 \(Report.milliseconds(result.flowLatency.percentile(0.99)))  errors \(result.errors)")
            }
            if let disk = target.sandbox.dataBytesOnDisk, flowsDone > 0 {
                // A flow: session, complete, callback attempt, GET, refund; the journal file excluded.
                let journal = (try? FileManager.default.attributesOfItem(atPath: folder + "/journal.ndjson")[.size])
                    as? Int ?? 0
                let perFlow = Double(disk - diskBefore - journal) / Double(flowsDone)
                print(String(format: "--data bytes on disk per checkout flow: %.0f (journal file not counted)", perFlow))
            }
            let sample = target.sampleTransaction()
            for connections in options.connections {
                let result = LoadGenerator(
                    host: "127.0.0.1", port: target.port, path: "/v1/transactions/\(sample.transactionId)",
                    connections: connections, duration: options.duration, keepAlive: true,
                    headers: sample.authorization
                ).run()
                getRates[name, default: [:]][connections] = result.requestsPerSecond
                print(String(format: "%-6@ GET transaction %3d conn: ", name, connections) + Report.line(result))
            }
            target.stop()
        }
        for concurrency in options.flowConcurrency {
            let ratio = (flowRates["--data"]?[concurrency] ?? 0) / max(flowRates["memory"]?[concurrency] ?? 1, 1)
            print(String(format: "flows %2d concurrent: --data / memory = %.2f", concurrency, ratio))
        }
        for connections in options.connections {
            let ratio = (getRates["--data"]?[connections] ?? 0) / max(getRates["memory"]?[connections] ?? 1, 1)
            print(String(format: "GET %3d conn: --data / memory = %.2f", connections, ratio))
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
            let bytes = target.sandbox.dataBytesOnDisk ?? 0
            print(
                String(
                    format: "filled %d checkouts in %.1f s over %d threads (%d failed); log %.1f MiB, %.0f bytes per checkout",
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
                guard client.send("GET", "/v1/transactions/\(sample.transactionId)", headers: sample.authorization)?
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
            String(format: "snapshot of %.1f MiB written in %.0f ms", Double(target.sandbox.dataBytesOnDisk ?? 0) / 1_048_576, seconds * 1000)
                + "; meanwhile \(answered.withLock { $0 }) GETs answered, p50 "
                + Report.milliseconds(histogram.percentile(0.5)) + " p99 " + Report.milliseconds(histogram.percentile(0.99))
                + " max " + Report.milliseconds(histogram.percentile(1.0)))
    }
}
